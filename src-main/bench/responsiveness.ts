// How responsive the main process stays while a run trains: the event-loop
// delay (perf_hooks histogram) of the process that owns the service, sampled
// while a real run goes through its epochs, evaluation and storage.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { findPreset } from '../../common/arch/presets.js';
import { createWorkbenchService } from '../api/workbenchService.js';

export interface ResponsivenessResult {
  preset: string;
  datasetId: string;
  trainImages: number;
  epochs: number;
  workers: number;
  seconds: number;
  progressEvents: number;
  /** Event-loop delay percentiles in milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

export async function measureResponsiveness(options: { preset: string; trainLimit: number | null; epochs: number; workers: number }): Promise<ResponsivenessResult> {
  const preset = findPreset(options.preset);
  if (!preset) throw new Error(`unknown preset ${options.preset}`);
  const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-responsiveness-'));
  const service = await createWorkbenchService({ databasePath: join(dir, 'runs.sqlite'), carrier: 'serve' });
  try {
    let progressEvents = 0;
    service.api.onRunProgress(() => progressEvents++);
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    const started = performance.now();
    histogram.enable();
    const run = await service.api.startRun({
      architecture: preset.architecture,
      datasetId: preset.datasetId,
      hyperparameters: { ...preset.recipe, epochs: options.epochs, trainLimit: options.trainLimit, workers: options.workers },
    });
    const final = await service.runs.waitFor(run.id);
    histogram.disable();
    if (final.status !== 'completed') throw new Error(`the run ended ${final.status}: ${final.error}`);
    const ms = (ns: number) => ns / 1e6;
    return {
      preset: options.preset,
      datasetId: preset.datasetId,
      trainImages: final.dataset.trainCount,
      epochs: options.epochs,
      workers: options.workers,
      seconds: (performance.now() - started) / 1000,
      progressEvents,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
