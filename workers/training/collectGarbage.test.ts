import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGarbage } from './collectGarbage.js';

test('collectGarbage collects in a process started without --expose-gc', async () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'the test runs without --expose-gc');
  const ref = new WeakRef({ payload: new Float64Array(1 << 16) });
  // A WeakRef's target stays alive until the job that made it ends.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(ref.deref(), undefined);
});
