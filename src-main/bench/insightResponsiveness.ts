// How responsive the main process stays while the insight worker computes:
// the event-loop delay (perf_hooks histogram) of the process that owns the
// service while a completed run's filter evolution, feature maps, saliency
// and report and a gradient check of a preset are computed through the API,
// as the run and design pages ask for them.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { findPreset } from '../../common/arch/presets.js';
import { createWorkbenchService } from '../api/workbenchService.js';

export interface InsightResponsivenessResult {
  runId: number;
  images: number;
  gradientCheckPreset: string;
  /** Wall time of each kind of request, in milliseconds (the mean for the per-image ones). */
  timings: Record<'filterEvolution' | 'featureMaps' | 'saliency' | 'report' | 'gradientCheck', number>;
  /** Event-loop delay percentiles over all of it, in milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

export async function measureInsightResponsiveness(options: {
  databasePath: string;
  runId: number;
  images: number;
  gradientCheckPreset: string;
}): Promise<InsightResponsivenessResult> {
  const preset = findPreset(options.gradientCheckPreset);
  if (!preset) throw new Error(`unknown preset ${options.gradientCheckPreset}`);
  const service = await createWorkbenchService({ databasePath: options.databasePath, carrier: 'serve' });
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const timed = async <T>(work: () => Promise<T>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  try {
    histogram.enable();
    const filterEvolution = await timed(() => service.api.getFilterEvolution(options.runId));
    let featureMaps = 0;
    let saliency = 0;
    for (let testIndex = 0; testIndex < options.images; testIndex++) {
      featureMaps += await timed(() => service.api.getFeatureMaps(options.runId, testIndex));
      saliency += await timed(() => service.api.getSaliency(options.runId, testIndex));
    }
    const report = await timed(() => service.api.createReport({ runIds: [options.runId] }));
    const gradientCheck = await timed(() => service.api.checkGradients({ architecture: preset.architecture, numClasses: 10 }));
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    return {
      runId: options.runId,
      images: options.images,
      gradientCheckPreset: options.gradientCheckPreset,
      timings: { filterEvolution, featureMaps: featureMaps / options.images, saliency: saliency / options.images, report, gradientCheck },
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
  } finally {
    await service.close();
  }
}
