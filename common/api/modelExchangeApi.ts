// The part of the API contract that carries runs to other engines and brings
// results back (src-main/export/): a run's network and weights as ONNX or a
// PyTorch project, and a run trained elsewhere imported from its metrics
// file. contract.ts folds it into WorkbenchApi and its allow-list.

import type { RunSummary } from '../runs.js';

export const MODEL_EXPORT_FORMATS = ['onnx', 'pytorch'] as const;
export type ModelExportFormat = (typeof MODEL_EXPORT_FORMATS)[number];

export interface ModelExport {
  format: ModelExportFormat;
  runId: number;
  /** The folder written into, and every file written (absolute paths on the machine running the workbench). */
  directory: string;
  files: string[];
  /** `final weights`, or `the checkpoint after epoch 3` for a run that did not finish. */
  weightsAre: string;
}

export interface RunFileImport {
  run: RunSummary;
  /** What the file could not bring along, one sentence each (no weights beside it, dataset not loadable, …). */
  notes: string[];
}

export interface ModelExchangeApi {
  /**
   * Writes the run's network and weights for another engine into `directory`
   * on this machine (a new folder beside the database when omitted). Files
   * already there are never replaced: the export then fails naming them.
   */
  exportRunModel(runId: number, format: ModelExportFormat, directory?: string): Promise<ModelExport>;
  /**
   * Stores a run trained elsewhere from a file on this machine: the
   * metrics.jsonl of an exported PyTorch folder, or any CSV / JSON-lines
   * table with epoch, loss and accuracy columns.
   */
  importRunFile(path: string, name?: string): Promise<RunFileImport>;
}

export const MODEL_EXCHANGE_METHODS: readonly (keyof ModelExchangeApi)[] = ['exportRunModel', 'importRunFile'];
