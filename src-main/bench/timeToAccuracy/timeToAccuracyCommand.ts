// `cnn-workbench bench --time-to-accuracy`: wall-clock time for cnn-workbench
// and PyTorch to reach 99% MNIST and 85% CIFAR-10 test accuracy with the same
// preset recipe, one engine after the other on the same machine. Each
// evaluates the whole test set after every epoch (counted in its time) and
// stops once it reaches the target.

import { findPreset } from '../../../common/arch/presets.js';
import { loadDataset } from '../../datasets/registry.js';
import { parseOptions, stringOption, UsageError, type OptionSpec } from '../../cli/options.js';
import { listOption } from '../plan.js';
import { raceOwnEngine } from './ownEngine.js';
import { racePytorch } from './pytorchEngine.js';
import { ACCURACY_TARGETS, type AccuracyRace } from './targets.js';

const ENGINES = ['cnn-workbench', 'pytorch'] as const;
const OPTIONS: OptionSpec = { 'time-to-accuracy': { type: 'boolean' }, nets: { type: 'string' }, engines: { type: 'string' }, json: { type: 'boolean' } };

export interface TargetResult {
  preset: string;
  target: number;
  races: AccuracyRace[];
}

export async function timeToAccuracyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, OPTIONS, 'bench --time-to-accuracy');
  if (positionals.length > 0) throw new UsageError(`bench: unexpected argument "${positionals[0]}"`);
  const presets = ACCURACY_TARGETS.map((t) => t.preset);
  const nets = listOption(stringOption(values, 'nets'), 'nets', presets, presets);
  const engines = listOption(stringOption(values, 'engines'), 'engines', ENGINES, ENGINES);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: TargetResult[] = [];
  for (const target of ACCURACY_TARGETS.filter((t) => nets.includes(t.preset))) {
    const preset = findPreset(target.preset);
    if (!preset) throw new Error(`no preset called ${target.preset}`);
    log(`${target.preset}: loading ${target.datasetId}…`);
    const dataset = await loadDataset(target.datasetId);
    const races: AccuracyRace[] = [];
    for (const engine of engines) {
      const race = engine === 'cnn-workbench' ? raceOwnEngine : racePytorch;
      try {
        races.push(await race(preset, dataset, target.accuracy, log));
      } catch (error) {
        log(`${target.preset}: ${engine} failed: ${(error as Error).message}`);
        races.push({ engine, description: `failed: ${(error as Error).message}`, epochs: [], secondsToTarget: null });
      }
    }
    results.push({ preset: target.preset, target: target.accuracy, races });
  }
  process.stdout.write(values.json === true ? `${JSON.stringify(results, null, 2)}\n` : `${renderResults(results)}\n`);
  return results.some((r) => r.races.some((race) => race.engine === 'cnn-workbench' && race.epochs.length === 0)) ? 1 : 0;
}

export function renderResults(results: TargetResult[]): string {
  const lines = ['time to accuracy (test set after every epoch, evaluation included):'];
  for (const { preset, target, races } of results) {
    const own = races.find((race) => race.engine === 'cnn-workbench')?.secondsToTarget ?? null;
    for (const race of races) {
      const best = race.epochs.reduce((max, e) => Math.max(max, e.testAccuracy), 0);
      const time = race.secondsToTarget === null ? `not reached (best ${(100 * best).toFixed(2)}%)` : `${race.secondsToTarget.toFixed(0)} s`;
      const ratio = race.engine !== 'cnn-workbench' && own !== null && race.secondsToTarget !== null ? `, ${(race.secondsToTarget / own).toFixed(2)}× cnn-workbench's time` : '';
      lines.push(`  ${preset} to ${(100 * target).toFixed(0)}%: ${race.engine.padEnd(13)} ${time} after ${race.epochs.length} epochs${ratio}`);
    }
  }
  return lines.join('\n');
}
