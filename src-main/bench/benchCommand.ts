// `cnn-workbench bench` (and `npm run bench`): training and evaluation speed
// of this engine against TensorFlow.js and PyTorch, measured in the same run.
// Progress goes to stderr; stdout gets the report (or, with --json, one JSON
// object).

import { analyzeArchitecture } from '../../common/arch/analyze.js';
import { findPreset } from '../../common/arch/presets.js';
import { renderReport } from './benchTables.js';
import { runHarness } from './harness.js';
import { describeMachine } from './machine.js';
import { planFromArgs } from './plan.js';
import { BENCH_BATCH_SIZE } from './policy.js';
import { buildReport, type FlopsPerImage, type PeakRss } from './report.js';
import { measureEpochPeakRss } from './rssEpoch.js';
import { measureResponsiveness, type ResponsivenessResult } from './responsiveness.js';
import { timeToAccuracyCommand } from './timeToAccuracy/timeToAccuracyCommand.js';

export const BENCH_HELP = `Usage: cnn-workbench bench [options]

Trains and evaluates each net at batch ${BENCH_BATCH_SIZE} on synthetic data with cnn-workbench
and its peers — TensorFlow.js (cpu and wasm backends) and PyTorch (as installed
and tuned, when /usr/bin/python3 can import torch) — each engine in a process of
its own. Engines take turns over several rounds; medians of images/s, achieved
GFLOP/s and the ratios of cnn-workbench to each peer are printed.

Options:
  --nets LIST      presets to run (default mnist-baseline,cifar-baseline,cifar-fast)
  --engines LIST   any of cnn-workbench,tfjs-cpu,tfjs-wasm,pytorch,pytorch-tuned (default: all)
  --workers LIST   cnn-workbench worker counts (default 1,2)
  --modes LIST     train,eval (default: both)
  --rounds N       rounds of measurements (default 3); engines slower than 5 s a step run in round 1 only
  --steps N        batches per measurement for every engine (default: about 2 s worth for each)
  --rss            also train one full CIFAR-10 epoch and report its peak RSS (a minute or more)
  --responsiveness also train one full CIFAR-10 epoch through the API service and report the
                   main process's event-loop delay (p50, p99, max) meanwhile
  --json           print one JSON object on stdout instead of the tables

  --time-to-accuracy
                   instead: train mnist-best to 99% and cifar-fast to 85% test accuracy with
                   cnn-workbench and with PyTorch on the same recipe (full datasets, about an
                   hour) and print each one's wall-clock time; takes --nets, --engines
                   (cnn-workbench,pytorch) and --json`;

export async function benchCommand(argv: string[]): Promise<number> {
  if (argv.includes('--time-to-accuracy')) return timeToAccuracyCommand(argv);
  const plan = planFromArgs(argv);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const machine = describeMachine();
  const flops: FlopsPerImage = Object.fromEntries(
    plan.nets.map((net) => [net, analyzeArchitecture(findPreset(net)?.architecture).totalFlops]),
  );

  const run = await runHarness(plan, log);
  const notes = [...run.notes];
  const [load] = machine.loadAverage;
  if (load >= 1) {
    notes.push(
      `the machine was busy before the bench started (1-minute load ${load} on ${machine.cores} cores): ` +
        'other work slows multi-threaded engines most, so rerun on a quiet machine before comparing',
    );
  }
  let peakRss: PeakRss | null = null;
  if (plan.rss) {
    const outcome = await measureEpochPeakRss(Math.max(...plan.workers), log);
    if ('peakRss' in outcome) peakRss = outcome.peakRss;
    else notes.push(outcome.skipped);
  }

  let responsiveness: ResponsivenessResult | null = null;
  if (plan.responsiveness) {
    log('responsiveness: training one full cifar-baseline epoch through the API service…');
    try {
      responsiveness = await measureResponsiveness({ preset: 'cifar-baseline', trainLimit: null, epochs: 1, workers: Math.max(...plan.workers) });
      const r = responsiveness;
      notes.push(
        `main-process event-loop delay while a full cifar-baseline epoch trained (${r.workers} workers, ${r.seconds.toFixed(0)} s, ` +
          `${r.progressEvents} progress events): p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`,
      );
    } catch (error) {
      notes.push(`responsiveness not measured: ${(error as Error).message}`);
    }
  }

  const report = buildReport({
    machine,
    settings: { batchSize: BENCH_BATCH_SIZE, rounds: plan.rounds, steps: plan.steps, nets: plan.nets, modes: plan.modes },
    engines: run.engines,
    measurements: run.measurements,
    flops,
    peakRss,
    notes,
  });
  process.stdout.write(plan.json ? `${JSON.stringify({ ...report, responsiveness }, null, 2)}\n` : `${renderReport(report)}\n`);
  return run.ownEngineFailed ? 1 : 0;
}
