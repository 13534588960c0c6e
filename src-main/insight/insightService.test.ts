import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import type { LoadedDataset } from '../../common/datasets.js';
import { decodeBase64 } from '../../common/viz/pixels.js';
import { createReferenceBackend } from '../../workers/kernels/reference/index.js';
import { buildNetwork } from '../../workers/network.js';
import { CLASS_NAMES, checkpointAt, epochMetrics, newRun, openTestStore, resultsWith, TEST_COUNT, trueLabelOf } from '../store/testFixtures.js';
import { createInsightService } from './insightService.js';

const architecture: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'conv-first',
  input: { channels: 1, height: 2, width: 2 },
  layers: [{ type: 'conv2d', filters: 2, kernelSize: 1 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 3 }, { type: 'softmaxCrossEntropy' }],
};
const SEED = 7;

/** 40 training and TEST_COUNT test images of 2×2 bytes; test image i starts with byte i, as the store fixtures' samples do. */
function syntheticDataset(): LoadedDataset {
  const set = (count: number, first: (i: number) => number) => ({
    count,
    images: Uint8Array.from({ length: count * 4 }, (_, k) => (k % 4 === 0 ? first(k / 4) : (k * 37) % 256)),
    labels: Uint8Array.from({ length: count }, (_, i) => trueLabelOf(i)),
  });
  return {
    info: { id: 'mnist', name: 'MNIST', classNames: CLASS_NAMES, channels: 1, height: 2, width: 2, trainCount: 40, testCount: TEST_COUNT, source: 'synthetic' },
    train: set(40, (i) => (i * 11) % 256),
    test: set(TEST_COUNT, (i) => i),
  };
}

describe('the insight API on a stored run', () => {
  const { store } = openTestStore();
  const initial = buildNetwork(architecture, { backend: createReferenceBackend('float32'), maxBatch: 1, seed: SEED, numClasses: 3 }).getWeights();
  const trained = initial.map((value, k) => value + 0.01 * k);
  const runId = store.createRun(newRun({ architecture, paramCount: initial.length }));
  store.commitEpoch(runId, epochMetrics(1), { ...checkpointAt(1), weights: initial.map((v) => v * 2) });
  store.commitEpoch(runId, epochMetrics(2), checkpointAt(2));
  store.commitEpoch(runId, epochMetrics(3), { ...checkpointAt(3), weights: trained });
  store.completeRun(runId, {
    ...resultsWith([[1, 0, 0.9]]),
    finalWeights: trained,
    firstLayerFilters: { count: 2, channels: 1, height: 1, width: 1, values: Array.from(trained.subarray(0, 2)) },
  });
  const loads: unknown[] = [];
  const insight = createInsightService({
    store,
    datasets: {
      load: async (id, limits) => {
        loads.push({ id, limits });
        return syntheticDataset();
      },
    },
  });
  after(() => insight.close());

  it('feature maps: every layer of the network for the chosen image, with its probabilities', async () => {
    const maps = await insight.api.getFeatureMaps(runId, 1);
    assert.deepEqual([maps.runId, maps.testIndex, maps.trueLabel], [runId, 1, trueLabelOf(1)]);
    assert.equal(decodeBase64(maps.pixels.base64)[0], 1, 'the test image itself');
    assert.deepEqual(maps.layers.map((layer) => layer.name), ['conv2d#0', 'relu#1', 'flatten#2', 'dense#3']);
    assert.ok(Math.abs(maps.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-6);
    assert.deepEqual(loads[0], { id: 'mnist', limits: { trainLimit: null, testLimit: TEST_COUNT } });
  });

  it('saliency: both classes and an occlusion map over the image', async () => {
    const saliency = await insight.api.getSaliency(runId, 1);
    assert.equal(saliency.truth.classIndex, trueLabelOf(1));
    assert.equal(saliency.predicted.classIndex, saliency.predictedLabel);
    for (const map of [saliency.predicted.gradient, saliency.truth.gradientTimesInput, saliency.occlusion]) assert.deepEqual([map.height, map.width, map.values.length], [2, 2, 4]);
  });

  it('filter evolution: the seeded initialisation, each stored epoch, and the delivered filters last', async () => {
    const evolution = await insight.api.getFilterEvolution(runId);
    assert.deepEqual(evolution.frames.map((frame) => frame.epoch), [0, 1, 2, 3]);
    assert.deepEqual(evolution.frames[0].bank.values, Array.from(initial.subarray(0, 2)));
    assert.deepEqual(evolution.frames[1].bank.values, Array.from(initial.subarray(0, 2)).map((v) => v * 2));
    assert.deepEqual(evolution.frames[3].bank.values, Array.from(trained.subarray(0, 2)));
    assert.equal(evolution.note, null);
  });

  it('gradient check: per layer, in the worker; a broken architecture is the caller’s error', async () => {
    const report = await insight.api.checkGradients({ architecture });
    assert.equal(report.ok, true);
    assert.equal(report.layers.length, architecture.layers.length);
    await assert.rejects(insight.api.checkGradients({ architecture: { ...architecture, layers: [{ type: 'conv2d', filters: 1, kernelSize: 5 }, { type: 'softmaxCrossEntropy' }] } }), {
      code: 'invalid-argument',
    });
  });

  it('refuses images outside the test set, runs that are not completed, and PDFs without a printer', async () => {
    await assert.rejects(insight.api.getFeatureMaps(runId, TEST_COUNT), { code: 'invalid-argument', message: /outside 0\.\.11/ });
    const running = store.createRun(newRun());
    await assert.rejects(insight.api.getSaliency(running, 0), { code: 'conflict', message: /is running/ });
    await assert.rejects(insight.api.saveReportPdf({ runIds: [runId] }), { code: 'conflict' });
    const report = await insight.api.createReport({ runIds: [runId] });
    assert.match(report.html, /initialisation/, 'the report carries the filmstrip');
  });
});
