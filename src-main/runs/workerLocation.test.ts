import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unpackedUrl } from './workerLocation.js';

test('scripts inside the asar archive are loaded from its unpacked twin', () => {
  const packaged = new URL('file:///opt/CNN%20Workbench/resources/app.asar/dist/workers/training/trainWorker.js');
  assert.equal(unpackedUrl(packaged).href, 'file:///opt/CNN%20Workbench/resources/app.asar.unpacked/dist/workers/training/trainWorker.js');
  const development = new URL('file:///work/main/dist/workers/training/trainWorker.js');
  assert.equal(unpackedUrl(development).href, development.href);
});
