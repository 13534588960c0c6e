// `cnn-workbench bench` options turned into what to run: which nets and
// modes, and the contenders — each engine once, and this engine once per
// worker count.

import { PRESETS } from '../../common/arch/presets.js';
import { intOption, parseOptions, stringOption, UsageError, type OptionSpec } from '../cli/options.js';
import { DEFAULT_ROUNDS } from './policy.js';
import { ENGINE_IDS, MODES, OWN_ENGINE, type EngineId, type Mode } from './report.js';

export interface Contender {
  engine: EngineId;
  /** cnn-workbench's worker count; null for peers, which report the threads they use when they start. */
  workers: number | null;
  label: string;
}

export interface BenchPlan {
  nets: string[];
  modes: Mode[];
  contenders: Contender[];
  /** cnn-workbench's worker counts. */
  workers: number[];
  rounds: number;
  /** Steps per measurement for every engine, or null to size them per engine (policy.ts). */
  steps: number | null;
  json: boolean;
  rss: boolean;
  /** Also measure the main process's event-loop delay during a full CIFAR-10 training epoch. */
  responsiveness: boolean;
}

export const DEFAULT_NETS = ['mnist-baseline', 'cifar-baseline', 'cifar-fast'];
export const DEFAULT_WORKERS = [1, 2];

export const BENCH_OPTIONS: OptionSpec = {
  nets: { type: 'string' },
  engines: { type: 'string' },
  workers: { type: 'string' },
  modes: { type: 'string' },
  rounds: { type: 'string' },
  steps: { type: 'string' },
  rss: { type: 'boolean' },
  responsiveness: { type: 'boolean' },
  json: { type: 'boolean' },
};

/** A comma-separated option whose every item must be one of `choices`; duplicates dropped, order kept. */
export function listOption<T extends string>(text: string | undefined, name: string, choices: readonly T[], fallback: readonly T[]): T[] {
  if (text === undefined) return [...fallback];
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new UsageError(`--${name} needs at least one of ${choices.join(', ')}`);
  for (const item of items) {
    if (!choices.includes(item as T)) throw new UsageError(`--${name}: "${item}" is not one of ${choices.join(', ')}`);
  }
  return [...new Set(items as T[])];
}

export function workerCounts(text: string | undefined): number[] {
  if (text === undefined) return [...DEFAULT_WORKERS];
  const counts = text.split(',').map((item) => item.trim());
  for (const count of counts) {
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > 64) {
      throw new UsageError(`--workers takes worker counts from 1 to 64 separated by commas, got "${text}"`);
    }
  }
  return [...new Set(counts.map(Number))].sort((a, b) => a - b);
}

export function contendersFor(engines: readonly EngineId[], workers: readonly number[]): Contender[] {
  return engines.flatMap((engine): Contender[] =>
    engine === OWN_ENGINE ? workers.map((w) => ({ engine, workers: w, label: `${engine} ×${w}` })) : [{ engine, workers: null, label: engine }],
  );
}

export function planFromArgs(argv: string[]): BenchPlan {
  const { values, positionals } = parseOptions(argv, BENCH_OPTIONS, 'bench');
  if (positionals.length > 0) throw new UsageError(`bench: unexpected argument "${positionals[0]}"`);
  const presetIds = PRESETS.map((preset) => preset.id);
  const engines = listOption(stringOption(values, 'engines'), 'engines', ENGINE_IDS, ENGINE_IDS);
  const workers = workerCounts(stringOption(values, 'workers'));
  return {
    nets: listOption(stringOption(values, 'nets'), 'nets', presetIds, DEFAULT_NETS),
    modes: listOption(stringOption(values, 'modes'), 'modes', MODES, MODES),
    contenders: contendersFor(engines, workers),
    workers,
    rounds: intOption(values, 'rounds', 1, 20) ?? DEFAULT_ROUNDS,
    steps: intOption(values, 'steps', 1, 10_000) ?? null,
    json: values.json === true,
    rss: values.rss === true,
    responsiveness: values.responsiveness === true,
  };
}
