// Runs trained somewhere else and brought back: the metrics file of an
// exported PyTorch folder (`runs import`), any table of per-epoch metrics,
// or an ONNX model evaluated here (`import-onnx`). They are stored and shown
// beside local runs, marked with where they came from; what the file does
// not say (the architecture, the recipe) stays unknown rather than guessed.

import type { ChannelStats } from './imageBatch.js';

export type ExternalRunKind = 'pytorch' | 'onnx' | 'metrics';

export interface ExternalOrigin {
  /**
   * pytorch: the metrics file train.py writes; onnx: a model imported and
   * evaluated here; metrics: any CSV or JSON-lines table with epoch, loss and
   * accuracy columns.
   */
  kind: ExternalRunKind;
  /** The imported file, as given. */
  sourceFile: string;
  /** What trained it, as the file says: `PyTorch 1.13.0, 2 processes (gloo, cpu)`; null when it does not say. */
  engine: string | null;
  /** The local run it was exported from, when the file says so. */
  exportedFromRunId: number | null;
  importedAt: string;
  /**
   * The input normalisation the network was trained with, (pixel/255 − mean)/std
   * per channel, when it is not the dataset's own training statistics (an
   * ONNX model states its own). Null: the dataset's.
   */
  normalization: ChannelStats | null;
}

export const EXTERNAL_KIND_LABELS: Readonly<Record<ExternalRunKind, string>> = {
  pytorch: 'PyTorch export',
  onnx: 'ONNX model',
  metrics: 'metrics file',
};

/** What image galleries assume when a run does not record its input size (an import without its network). */
export const DEFAULT_IMAGE_SIDE = 32;

/** The longer side of a run's input images, from its architecture; null when the run does not record one. */
export function imageSide(run: { architecture: { input: { width: number; height: number } } | null }): number | null {
  return run.architecture ? Math.max(run.architecture.input.width, run.architecture.input.height) : null;
}
