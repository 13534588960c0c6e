// An imported ONNX model tested here on a dataset's test images, with the
// engine, and stored as an external run: its confusion matrix, per-class
// table, misclassified images and weights sit beside the local runs, can be
// compared with them and exported again. The model's own input
// normalisation (its leading Sub/Div) is what the engine applies.

import { analyzeArchitecture } from '../../../common/arch/analyze.js';
import { bytesPerImage } from '../../../common/datasets.js';
import { normalizationTable, type ChannelStats } from '../../../common/imageBatch.js';
import { confusionMatrix, perClassMetrics } from '../../../common/metrics/classification.js';
import type { RunSummary } from '../../../common/runs.js';
import { NO_AUGMENTATION } from '../../../common/training/recipe.js';
import { createFastBackend } from '../../../workers/kernels/fast/fastBackend.js';
import { enableRelaxedSimd } from '../../../workers/kernels/fast/relaxedSimd.js';
import { createReferenceBackend } from '../../../workers/kernels/reference/index.js';
import { hasFastKernels } from '../../../workers/training/createExecutor.js';
import { InlineExecutor } from '../../../workers/training/inlineExecutor.js';
import type { RunStore, StoredMisclassifiedSample } from '../../store/runStore.js';
import { ExportError, type LoadRunDataset } from '../exportSource.js';
import { firstLayerFilters } from '../runImport/importRunFile.js';
import type { ImportedOnnx } from './importOnnx.js';

export interface EvaluationOptions {
  datasetId: string;
  /** Test on the first N test images (all when absent). */
  testLimit?: number;
  name: string;
  sourceFile: string;
  loadDataset: LoadRunDataset;
}

export async function evaluateImportedModel(store: RunStore, model: ImportedOnnx, options: EvaluationOptions): Promise<RunSummary> {
  const dataset = await options.loadDataset(options.datasetId, { trainLimit: 0, testLimit: options.testLimit ?? null });
  const { info, test } = dataset;
  const { architecture } = model;
  const { channels, height, width } = architecture.input;
  if (channels !== info.channels || height !== info.height || width !== info.width) {
    throw new ExportError(`the model takes ${channels}×${height}×${width} images but ${info.name}'s are ${info.channels}×${info.height}×${info.width}`);
  }
  const classes = info.classNames.length;
  const analysis = analyzeArchitecture(architecture, { numClasses: classes });
  if (!analysis.valid) throw new ExportError(`the model cannot classify ${info.name}: ${analysis.errors.map((e) => e.message).join('; ')}`);
  if (model.classNames && model.classNames.join('\u0000') !== info.classNames.join('\u0000')) {
    throw new ExportError(`the model's classes (${model.classNames.join(', ')}) are not ${info.name}'s (${info.classNames.join(', ')})`);
  }
  const normalization: ChannelStats = model.normalization ?? { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };

  enableRelaxedSimd();
  const executor = new InlineExecutor({
    architecture,
    backend: hasFastKernels() ? createFastBackend() : createReferenceBackend('float32'),
    numClasses: classes,
    seed: 0,
    normalization: normalizationTable(normalization),
    recipe: { augmentation: { ...NO_AUGMENTATION }, labelSmoothing: 0, testTimeFlip: false, testTimeShift: 0 },
  });
  executor.net.setWeights(model.weights);
  const imageBytes = bytesPerImage(info);
  const misclassified: StoredMisclassifiedSample[] = [];
  const order = Uint32Array.from({ length: test.count }, (_, i) => i);
  const result = executor.evaluate(test, order, test.count, (position, label, predicted, probabilities) => {
    if (predicted === label) return;
    misclassified.push({
      testIndex: position,
      trueLabel: label,
      predictedLabel: predicted,
      confidence: probabilities[predicted],
      probabilities: Array.from(probabilities),
      pixels: { channels, height, width, data: test.images.slice(position * imageBytes, (position + 1) * imageBytes) },
    });
  });
  await executor.close();
  const confusion = confusionMatrix(test.labels.subarray(0, test.count), result.predictions, info.classNames);
  return store.importExternalRun({
    name: options.name,
    origin: { kind: 'onnx', sourceFile: options.sourceFile, engine: null, exportedFromRunId: null, importedAt: new Date().toISOString(), normalization },
    architecture,
    hyperparameters: null,
    dataset: { id: info.id, name: info.name, classNames: info.classNames, trainCount: 0, valCount: 0, testCount: test.count },
    paramCount: analysis.totalParams,
    epochs: [],
    results: {
      testLoss: test.count > 0 ? result.lossSum / test.count : 0,
      testAccuracy: test.count > 0 ? result.correct / test.count : 0,
      confusion,
      perClass: perClassMetrics(confusion),
      firstLayerFilters: firstLayerFilters(architecture, model.weights, classes),
      misclassified,
      predictions: result.predictions,
      finalWeights: model.weights,
    },
  });
}
