import assert from 'node:assert/strict';
import test from 'node:test';
import { CLASS_COLOURS, encodeBmp, fixturePixels } from './imageFixtures.js';
import { decodeBmp } from './bmpDecode.js';
import { parseCsvManifest } from './csvManifest.js';
import { decodeImageBytes, toPlanar } from './decodeImage.js';
import { mapInOrder } from './orderedMap.js';

test('mapInOrder yields in input order whatever finishes first, with at most `concurrency` calls in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const delays = [30, 5, 20, 1, 10, 0, 15];
  const seen: number[] = [];
  for await (const outcome of mapInOrder(delays, 3, async (ms) => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight--;
    if (ms === 1) throw new Error('one failed');
    return ms;
  })) {
    seen.push(outcome.ok ? outcome.value : -1);
  }
  assert.deepEqual(seen, [30, 5, 20, -1, 10, 0, 15]);
  assert.equal(most, 3);
});

test('mapInOrder stops when its signal aborts', async () => {
  const controller = new AbortController();
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const outcome of mapInOrder([1, 2, 3, 4], 1, async (n) => n, controller.signal)) {
      if (outcome.ok) seen.push(outcome.value);
      if (seen.length === 2) controller.abort();
    }
  }, /abort/i);
  assert.deepEqual(seen, [1, 2]);
});

test('CSV manifests: header optional, quotes with commas and doubled quotes, CRLF, BOM; problems keep their line', () => {
  const text = '\uFEFFa.png,cat\r\n"b, ""best"".png",dog\r\n\r\nc.png\r\nd.png,\r\n,cat\r\n';
  const manifest = parseCsvManifest(text);
  assert.deepEqual(manifest.rows, [
    { line: 1, filename: 'a.png', label: 'cat' },
    { line: 2, filename: 'b, "best".png', label: 'dog' },
  ]);
  assert.deepEqual(manifest.problems, [
    { line: 4, reason: 'expected 2 fields (filename,label), found 1' },
    { line: 5, reason: 'd.png: the label is empty' },
    { line: 6, reason: 'the filename is empty' },
  ]);
  assert.deepEqual(parseCsvManifest('Filename,Label\nx.jpg,1\n').rows, [{ line: 2, filename: 'x.jpg', label: '1' }]);
});

test('BMP: 24-bit and 8-bit palette files decode to the pixels they were written from', async () => {
  const rgb = fixturePixels(5, 3, CLASS_COLOURS[3], 2);
  for (const bits of [24, 8] as const) {
    const decoded = decodeBmp(encodeBmp(5, 3, rgb, bits), 1e6);
    assert.deepEqual([decoded.width, decoded.height], [5, 3]);
    assert.deepEqual(Buffer.from(decoded.data), rgb, `${bits}-bit`);
  }
  const planar = await decodeImageBytes(encodeBmp(5, 3, rgb, 24), { height: 3, width: 5, channels: 3, fit: 'crop', maxInputPixels: 1e6 });
  assert.deepEqual(planar, toPlanar(rgb, 3, 3, 15), 'through sharp at its own size the pixels are unchanged');
  assert.throws(() => decodeBmp(encodeBmp(5, 3, rgb, 24), 10), /exceeds pixel limit \(5×3 BMP\)/);
  assert.throws(() => decodeBmp(encodeBmp(5, 3, rgb, 24).subarray(0, 60), 1e6), /truncated BMP/);
});

test('toPlanar turns HWC into CHW and repeats grey into every colour channel', () => {
  assert.deepEqual(Array.from(toPlanar(Uint8Array.from([1, 2, 3, 4, 5, 6]), 3, 3, 2)), [1, 4, 2, 5, 3, 6]);
  assert.deepEqual(Array.from(toPlanar(Uint8Array.from([7, 8]), 1, 3, 2)), [7, 8, 7, 8, 7, 8]);
});
