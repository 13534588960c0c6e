import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RUN_STATUSES } from '../../../common/runs.js';
import { isActive } from '../../state/liveRun.js';
import { controlsFor, stillPending, stopConsequence } from './runControls.js';

test('a running run offers pause and stop, a paused one resume and stop', () => {
  assert.deepEqual(controlsFor('running'), ['pause', 'stop']);
  assert.deepEqual(controlsFor('paused'), ['resume', 'stop']);
});

test('only an active run offers any control', () => {
  for (const status of RUN_STATUSES) assert.equal(controlsFor(status).length > 0, isActive(status), status);
});

test('a request stays pending until the status moves, whichever way', () => {
  const pause = { action: 'pause', from: 'running' } as const;
  assert.equal(stillPending(pause, 'running'), pause);
  assert.equal(stillPending(pause, 'paused'), null);
  assert.equal(stillPending(pause, 'completed'), null);
  assert.equal(stillPending({ action: 'stop', from: 'paused' }, 'stopped'), null);
  assert.equal(stillPending(null, 'running'), null);
});

test('the stop confirmation names the epoch the run can be continued from', () => {
  assert.match(stopConsequence(7), /All 7 finished epochs are kept, and the run can be continued later from epoch 7\./);
  assert.match(stopConsequence(1), /Its finished epoch is kept, and the run can be continued later from epoch 1\./);
  assert.match(stopConsequence(0), /nothing to continue from/);
});
