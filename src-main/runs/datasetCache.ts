// Loaded datasets kept in memory between runs: a person training twice on
// MNIST should not wait for the files to be read twice. Holds the most
// recently used few; the bytes live on SharedArrayBuffers that the workers
// read in place.

import type { DatasetProgress, LoadedDataset } from '../../common/datasets.js';
import { loadDataset } from '../datasets/registry.js';

export interface DatasetLimits {
  trainLimit: number | null;
  testLimit: number | null;
}

export class DatasetCache {
  private readonly entries = new Map<string, Promise<LoadedDataset>>();

  constructor(
    private readonly capacity = 2,
    private readonly onProgress?: (id: string, progress: DatasetProgress) => void,
  ) {}

  load(id: string, limits: DatasetLimits): Promise<LoadedDataset> {
    const key = `${id}\u0000${limits.trainLimit ?? ''}\u0000${limits.testLimit ?? ''}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      entry = loadDataset(id, {
        trainLimit: limits.trainLimit ?? undefined,
        testLimit: limits.testLimit ?? undefined,
        onProgress: this.onProgress ? (progress) => this.onProgress?.(id, progress) : undefined,
      });
      entry.catch(() => this.entries.delete(key));
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  /** Drops every loaded copy of `id`: its files were replaced (a re-import) or deleted. */
  forget(id: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${id}\u0000`)) this.entries.delete(key);
  }
}
