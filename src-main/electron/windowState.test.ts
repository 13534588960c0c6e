import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, parseWindowState, placeWindow, type Rectangle } from './windowState.js';

const laptop: Rectangle = { x: 0, y: 0, width: 1920, height: 1050 };
const monitorOnTheRight: Rectangle = { x: 1920, y: 0, width: 2560, height: 1400 };

test('first launch: default size, centred by the platform', () => {
  assert.deepEqual(placeWindow(null, [laptop]), { ...DEFAULT_WINDOW_SIZE, maximized: false });
});

test('a saved window on a connected display opens where it was', () => {
  const saved = { bounds: { x: 2100, y: 80, width: 1400, height: 900 }, maximized: false };
  assert.deepEqual(placeWindow(saved, [laptop, monitorOnTheRight]), { x: 2100, y: 80, width: 1400, height: 900, maximized: false });
});

test('a window saved on a display that is gone is centred on the primary display', () => {
  const saved = { bounds: { x: 2100, y: 80, width: 1400, height: 900 }, maximized: true };
  const placement = placeWindow(saved, [laptop]);
  assert.deepEqual(placement, { x: 260, y: 75, width: 1400, height: 900, maximized: true });
});

test('far off-screen positions (negative or huge) are brought back', () => {
  for (const bounds of [
    { x: -5000, y: -5000, width: 1280, height: 800 },
    { x: 99999, y: 99999, width: 1280, height: 800 },
    { x: 0, y: 5000, width: 1280, height: 800 },
  ]) {
    const placement = placeWindow({ bounds, maximized: false }, [laptop]);
    assert.ok(placement.x !== undefined && placement.y !== undefined);
    assert.ok(placement.x >= laptop.x && placement.x + placement.width <= laptop.x + laptop.width, JSON.stringify(placement));
    assert.ok(placement.y >= laptop.y && placement.y + placement.height <= laptop.y + laptop.height, JSON.stringify(placement));
  }
});

test('a window hanging over an edge is pulled fully inside the display it mostly covers', () => {
  const saved = { bounds: { x: 1500, y: -40, width: 1280, height: 800 }, maximized: false };
  assert.deepEqual(placeWindow(saved, [laptop]), { x: 640, y: 0, width: 1280, height: 800, maximized: false });
});

test('sizes are clamped between the minimum and the work area', () => {
  const huge = placeWindow({ bounds: { x: 0, y: 0, width: 5000, height: 4000 }, maximized: false }, [laptop]);
  assert.equal(huge.width, laptop.width);
  assert.equal(huge.height, laptop.height);
  const tiny = placeWindow({ bounds: { x: 10, y: 10, width: 100, height: 50 }, maximized: false }, [laptop]);
  assert.equal(tiny.width, MIN_WINDOW_SIZE.width);
  assert.equal(tiny.height, MIN_WINDOW_SIZE.height);
  const smallScreen: Rectangle = { x: 0, y: 0, width: 800, height: 560 };
  const fitted = placeWindow({ bounds: { x: 0, y: 0, width: 1280, height: 800 }, maximized: false }, [smallScreen]);
  assert.deepEqual([fitted.width, fitted.height], [800, 560]);
});

test('displays with non-zero origins (a monitor left of the primary) are honoured', () => {
  const left: Rectangle = { x: -1680, y: 200, width: 1680, height: 1000 };
  const saved = { bounds: { x: -1600, y: 250, width: 1200, height: 800 }, maximized: false };
  assert.deepEqual(placeWindow(saved, [laptop, left]), { x: -1600, y: 250, width: 1200, height: 800, maximized: false });
});

test('malformed saved states are ignored', () => {
  for (const value of [
    null,
    'x',
    {},
    { bounds: null },
    { bounds: { x: 0, y: 0, width: 0, height: 600 } },
    { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 } },
    { bounds: { x: '0', y: 0, width: 800, height: 600 } },
  ]) {
    assert.equal(parseWindowState(value), null, JSON.stringify(value));
  }
  assert.deepEqual(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: 'yes' }), {
    bounds: { x: 1, y: 2, width: 3, height: 4 },
    maximized: false,
  });
});
