import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { checkpointAt, epochMetrics, newRun, openTestStore } from './testFixtures.js';

const convFirst: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'conv-first',
  input: { channels: 1, height: 2, width: 2 },
  layers: [{ type: 'conv2d', filters: 2, kernelSize: 1 }, { type: 'flatten' }, { type: 'dense', units: 3 }, { type: 'softmaxCrossEntropy' }],
};

describe('first-layer filters per epoch', () => {
  it('are kept as each epoch commits, even after the checkpoint is replaced, and go with the run', () => {
    const { store, db } = openTestStore();
    const runId = store.createRun(newRun({ architecture: convFirst }));
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    store.commitEpoch(runId, epochMetrics(2), checkpointAt(2));
    const frames = store.getEpochFilters(runId);
    assert.deepEqual(
      frames.map((frame) => [frame.epoch, frame.bank.count, frame.bank.channels, frame.bank.height, frame.bank.width, frame.bank.values]),
      [
        [1, 2, 1, 1, 1, [1.25, 1.25]],
        [2, 2, 1, 1, 1, [2.25, 2.25]],
      ],
    );
    store.setStatus(runId, 'stopped');
    store.deleteRun(runId);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM epoch_filters').get() as { n: number }).n, 0);
  });

  it('are none for a network that does not start with a convolution', () => {
    const { store } = openTestStore();
    const runId = store.createRun(newRun());
    store.commitEpoch(runId, epochMetrics(1), checkpointAt(1));
    assert.deepEqual(store.getEpochFilters(runId), []);
    assert.throws(() => store.getEpochFilters(999), /999/);
  });
});
