// The part of the API contract that keeps a person's work: the editor's
// working design, the library of named designs, and the queue of runs
// waiting to train (filled one at a time or by a sweep). contract.ts folds
// it into WorkbenchApi and its allow-list.

import type { DesignSummary, SaveDesignRequest, SavedDesign, WorkingDesign } from '../designs.js';
import type { QueueState, QueuedRun } from '../runQueue.js';
import type { SweepRequest } from '../sweeps.js';
import type { StartRunRequest, Unsubscribe } from './contract.js';

export interface SavedWorkApi {
  /** The network open in the editor when it was last changed; null before the first edit ever. */
  getWorkingDesign(): Promise<WorkingDesign | null>;
  saveWorkingDesign(design: WorkingDesign): Promise<void>;

  /** The library, most recently changed first. */
  listDesigns(): Promise<DesignSummary[]>;
  getDesign(designId: number): Promise<SavedDesign>;
  saveDesign(request: SaveDesignRequest): Promise<DesignSummary>;
  /** A copy named "… (copy)", added to the library. */
  duplicateDesign(designId: number): Promise<DesignSummary>;
  deleteDesign(designId: number): Promise<void>;

  /** Adds a run to the end of the queue; it starts when the runs before it have finished. */
  queueRun(request: StartRunRequest): Promise<QueuedRun>;
  /** Every run of the sweep, queued in order. */
  queueSweep(request: SweepRequest): Promise<QueuedRun[]>;
  getQueue(): Promise<QueueState>;
  /** Moves a waiting run to `position` (0 is next). */
  moveQueuedRun(queueId: number, position: number): Promise<QueueState>;
  cancelQueuedRun(queueId: number): Promise<QueueState>;
  /** Starts the queue again after it was held (runs left waiting by an earlier session start held). */
  resumeQueue(): Promise<QueueState>;
  /** Drops every waiting run. */
  clearQueue(): Promise<QueueState>;
  onQueueChanged(listener: (queue: QueueState) => void): Unsubscribe;
}

export const SAVED_WORK_METHODS = [
  'getWorkingDesign',
  'saveWorkingDesign',
  'listDesigns',
  'getDesign',
  'saveDesign',
  'duplicateDesign',
  'deleteDesign',
  'queueRun',
  'queueSweep',
  'getQueue',
  'moveQueuedRun',
  'cancelQueuedRun',
  'resumeQueue',
  'clearQueue',
] as const satisfies readonly Exclude<keyof SavedWorkApi, `on${string}`>[];
