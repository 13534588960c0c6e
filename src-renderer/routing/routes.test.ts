import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRoute, routeHash, sectionOf, type Route } from './routes.js';

test('every route survives a round trip through the hash', () => {
  const routes: Route[] = [
    { view: 'design' },
    { view: 'train' },
    { view: 'runs' },
    { view: 'run', runId: 42 },
    { view: 'compare', runIds: [3, 1, 7] },
    { view: 'compare', runIds: [] },
    { view: 'datasets', datasetId: null },
    { view: 'datasets', datasetId: 'images:/home/ana/.local/share/cnn-workbench/datasets/images/Котики & co-3x32x32-crop-0a1b2c3d4e.cwimg' },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(routeHash(route)), route);
});

test('an empty hash or a bare slash opens the designer', () => {
  for (const hash of ['', '#', '#/', '#/design/']) assert.deepEqual(parseRoute(hash), { view: 'design' });
});

test('compare ids keep their order, drop duplicates and ignore junk', () => {
  assert.deepEqual(parseRoute('#/compare?ids=2,1,2,x,0,-3, 5'), { view: 'compare', runIds: [2, 1, 5] });
});

test('unknown paths and malformed run ids are not found, not guessed', () => {
  for (const hash of ['#/nowhere', '#/runs/abc', '#/runs/0', '#/runs/1.5', '#/runs/1/extra']) {
    assert.equal(parseRoute(hash).view, 'not-found', hash);
  }
});

test('a run detail page belongs to the Runs section', () => {
  assert.equal(sectionOf({ view: 'run', runId: 1 }), 'runs');
  assert.equal(sectionOf({ view: 'compare', runIds: [] }), 'compare');
  assert.equal(sectionOf({ view: 'not-found', path: '/x' }), null);
});
