// The SavedWorkApi half of the service: designs and the working design read
// and written through the store, the queue through RunQueue.

import type { SavedWorkApi } from '../../common/api/savedWorkApi.js';
import type { RunDetail } from '../../common/runs.js';
import type { DesignTable } from '../store/designTable.js';
import type { RunQueueTable } from '../store/runQueueTable.js';
import { RunQueue, type QueueRunner } from '../runs/runQueue.js';

export interface SavedWorkService {
  api: SavedWorkApi;
  queue: RunQueue;
  close(): Promise<void>;
}

export function createSavedWorkService(tables: { designs: DesignTable; queue: RunQueueTable }, runs: QueueRunner): SavedWorkService {
  const { designs } = tables;
  const queue = new RunQueue(tables.queue, runs);
  const api: SavedWorkApi = {
    getWorkingDesign: async () => designs.working(),
    saveWorkingDesign: async (design) => designs.saveWorking(design),
    listDesigns: async () => designs.list(),
    getDesign: async (designId) => designs.get(designId),
    saveDesign: async (request) => designs.save(request),
    duplicateDesign: async (designId) => designs.duplicate(designId),
    deleteDesign: async (designId) => designs.delete(designId),
    queueRun: async (request) => queue.add(request),
    queueSweep: async (request) => queue.addSweep(request),
    getQueue: async () => queue.state(),
    moveQueuedRun: async (queueId, position) => queue.move(queueId, position),
    cancelQueuedRun: async (queueId) => queue.cancel(queueId),
    resumeQueue: async () => queue.resume(),
    clearQueue: async () => queue.clear(),
    onQueueChanged: (listener) => queue.onChanged(listener),
  };
  return { api, queue, close: () => queue.close() };
}

/** A run training here has points of its unfinished epoch in memory only: the live view shows them too. */
export function withPendingSteps(detail: RunDetail, pending: RunDetail['trainSteps']): RunDetail {
  if (!pending || pending.length === 0) return detail;
  return { ...detail, trainSteps: [...(detail.trainSteps ?? []), ...pending] };
}
