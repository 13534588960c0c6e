// ONNX export, checked by running the model in ONNX Runtime (onnxruntime-web
// under Node) against the engine on real test images of trained runs, and
// import-onnx, checked by reading the export back.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-web';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import { normalizationTable, normalizeBatch } from '../../../common/imageBatch.js';
import { effectiveLayerFields } from '../../../common/viz/layerLabel.js';
import { createFastBackend } from '../../../workers/kernels/fast/fastBackend.js';
import { enableRelaxedSimd } from '../../../workers/kernels/fast/relaxedSimd.js';
import { createReferenceBackend } from '../../../workers/kernels/reference/index.js';
import { buildNetwork } from '../../../workers/network.js';
import { layersWithWeights } from '../layerTensors.js';
import { exportRunModel } from '../exportRunModel.js';
import { exportSourceOf, type ExportSource } from '../exportSource.js';
import { CLASSIC_NETWORK, CLASSIC_RECIPE, loadTestDataset, MODERN_NETWORK, trainedRuns, WHITENED_NETWORK, type TrainedRuns } from '../testFixtures.js';
import { evaluateImportedModel } from './evaluateImported.js';
import { exportOnnx } from './exportOnnx.js';
import { importOnnxFile } from './importOnnx.js';

const IMAGES = 100;
let runs: TrainedRuns;

before(async () => {
  enableRelaxedSimd();
  ort.env.wasm.numThreads = 1;
  runs = await trainedRuns([{ architecture: MODERN_NETWORK }, { architecture: CLASSIC_NETWORK, recipe: CLASSIC_RECIPE }, { architecture: WHITENED_NETWORK }]);
});
after(() => runs?.close());

/** The engine's logits for the first `count` test images, as training evaluates them. */
function engineLogits(source: ExportSource, count: number): Float32Array {
  const test = source.data!.dataset.test;
  const backend = createFastBackend();
  const net = buildNetwork(source.architecture, { backend, maxBatch: count, seed: 0, numClasses: source.classNames.length });
  net.setWeights(source.weights);
  const input = backend.createBuffer(count * net.inputSize) as Float32Array;
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  normalizeBatch(test.images, net.inputSize, order, 0, count, normalizationTable(source.normalization), input);
  return Float32Array.from(net.forward(input, count, false));
}

function argmaxes(logits: ArrayLike<number>, classes: number): number[] {
  return Array.from({ length: logits.length / classes }, (_, n) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[n * classes + c] > logits[n * classes + best]) best = c;
    return best;
  });
}

/** What makes two architectures the same network: input, and each layer's type and settings with defaults filled in. */
function canonical(architecture: ArchitectureSpec) {
  return { input: architecture.input, layers: architecture.layers.map((layer) => ({ type: layer.type, ...effectiveLayerFields(layer) })) };
}

test('a loss with a logit scale exports logits·s: ONNX Runtime gives the engine’s logits times s, and their softmax', async () => {
  const logitScale = 1 / 9;
  const plain = CLASSIC_NETWORK;
  const scaled: ArchitectureSpec = { ...plain, layers: [...plain.layers.slice(0, -1), { type: 'softmaxCrossEntropy', logitScale }] };
  const backend = createReferenceBackend('float32');
  const count = 4;
  const options = { backend, maxBatch: count, seed: 5, numClasses: 10 };
  const plainNet = buildNetwork(plain, options);
  const scaledNet = buildNetwork(scaled, options);
  const { channels, height, width } = plain.input;
  const pixels = Float32Array.from({ length: count * channels * height * width }, (_, k) => ((k * 37) % 256) / 255);
  const normalization = { mean: [0.13], std: [0.31] };
  const input = backend.createBuffer(pixels.length);
  input.set(pixels.map((p) => (p - normalization.mean[0]) / normalization.std[0]));
  const logits = Float32Array.from(plainNet.forward(input, count, false));
  const scores = Float32Array.from(scaledNet.forward(input, count, false));
  const bytes = exportOnnx({
    architecture: scaled,
    layers: layersWithWeights(scaled, plainNet.getWeights(), 10),
    normalization,
    classNames: Array.from({ length: 10 }, (_, c) => String(c)),
    source: 'test',
    producerVersion: 'test',
  });
  const session = await ort.InferenceSession.create(bytes);
  const outputs = await session.run({ pixels: new ort.Tensor('float32', pixels, [count, channels, height, width]) });
  const onnxLogits = outputs.logits.data as Float32Array;
  const onnxProbabilities = outputs.probabilities.data as Float32Array;
  const probabilities = scaledNet.probabilities();
  for (let k = 0; k < logits.length; k++) {
    assert.ok(Math.abs(onnxLogits[k] - logitScale * logits[k]) < 1e-5, `logit ${k}: ${onnxLogits[k]} against ${logitScale * logits[k]}`);
    assert.ok(Math.abs(onnxLogits[k] - scores[k]) < 1e-5, `score ${k}: ${onnxLogits[k]} against the engine's ${scores[k]}`);
    assert.ok(Math.abs(onnxProbabilities[k] - probabilities[k]) < 1e-5, `probability ${k}`);
  }
});

for (const [position, network] of [MODERN_NETWORK, CLASSIC_NETWORK, WHITENED_NETWORK].entries()) {
  describe(`ONNX export of ${network.name}`, () => {
    let source: ExportSource;
    let file: string;

    before(async () => {
      const runId = runs.runIds[position];
      source = await exportSourceOf(runs.store, runId, { loadDataset: loadTestDataset, withData: true });
      const exported = await exportRunModel(runs.store, runId, 'onnx', join(runs.dir, `onnx-${runId}`), { loadDataset: loadTestDataset, version: 'test' });
      [file] = exported.files;
    });

    test(`gives the engine's logits within 1e-4 and its classes on ${IMAGES} test images in ONNX Runtime`, async (t) => {
      const classes = source.classNames.length;
      const engine = engineLogits(source, IMAGES);
      const { channels, height, width } = source.architecture.input;
      const size = channels * height * width;
      const pixels = Float32Array.from(source.data!.dataset.test.images.subarray(0, IMAGES * size), (byte) => byte / 255);
      const session = await ort.InferenceSession.create(readFileSync(file));
      const outputs = await session.run({ pixels: new ort.Tensor('float32', pixels, [IMAGES, channels, height, width]) });
      const logits = outputs.logits.data as Float32Array;
      let largest = 0;
      for (let k = 0; k < engine.length; k++) largest = Math.max(largest, Math.abs(logits[k] - engine[k]));
      t.diagnostic(`max |logit difference| ${largest.toExponential(2)} over ${IMAGES} images (logits up to ${Math.max(...engine.map(Math.abs)).toFixed(2)})`);
      assert.ok(largest < 1e-4, `logits differ by ${largest}`);
      assert.deepEqual(argmaxes(logits, classes), argmaxes(engine, classes));
      const probabilities = outputs.probabilities.data as Float32Array;
      assert.ok(Math.abs(probabilities.subarray(0, classes).reduce((a, b) => a + b, 0) - 1) < 1e-5);
    });

    test('import-onnx gives back the same architecture, weights, normalisation and class names', () => {
      const imported = importOnnxFile(file);
      assert.deepEqual(canonical(imported.architecture), canonical(source.architecture));
      assert.equal(imported.architecture.name, source.architecture.name);
      assert.deepEqual(imported.weights, source.weights);
      assert.deepEqual(imported.classNames, source.classNames);
      const normalization = imported.normalization!;
      source.normalization.mean.forEach((mean, c) => assert.ok(Math.abs(normalization.mean[c] - mean) < 1e-6));
      source.normalization.std.forEach((std, c) => assert.ok(Math.abs(normalization.std[c] / std - 1) < 1e-6));
    });

    test('the imported model, tested here, scores the run’s test accuracy', async () => {
      const run = runs.store.getRun(runs.runIds[position]);
      const imported = await evaluateImportedModel(runs.store, importOnnxFile(file), {
        datasetId: 'mnist',
        testLimit: run.dataset.testCount,
        name: `${network.name} (ONNX)`,
        sourceFile: file,
        loadDataset: loadTestDataset,
      });
      assert.equal(imported.external?.kind, 'onnx');
      assert.equal(imported.testAccuracy, run.testAccuracy);
      assert.deepEqual(runs.store.getPredictions(imported.id), runs.store.getPredictions(run.id));
    });
  });
}
