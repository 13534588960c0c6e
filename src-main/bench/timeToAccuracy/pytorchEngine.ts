// PyTorch's side of the race: the same network (peerLayers.ts) and recipe in
// pytorch_time_to_accuracy.py, fed the same bytes through files in a
// temporary folder, on the same number of threads.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PresetInfo } from '../../../common/api/contract.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import type { LoadedDataset } from '../../../common/datasets.js';
import type { Hyperparameters } from '../../../common/runs.js';
import { computeChannelStats } from '../../../common/imageBatch.js';
import { PYTORCH_THREADS, SYSTEM_PYTHON } from '../engineProcess.js';
import { peerNetwork } from '../engines/peerLayers.js';
import type { AccuracyRace } from './targets.js';

/** pytorch_time_to_accuracy.py in the source tree (next to the built files' tree). */
export function scriptPath(): string {
  const relative = join('src-main', 'bench', 'pytorch_time_to_accuracy.py');
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, relative))) {
    if (dirname(folder) === folder) throw new Error(`cannot find ${relative}`);
    folder = dirname(folder);
  }
  return join(folder, relative);
}

/**
 * The recipe settings and layers pytorch_time_to_accuracy.py does not
 * reproduce, by field or layer: a race with them would time two different
 * recipes, so it is refused rather than run.
 */
export function settingsPytorchLacks(recipe: Hyperparameters, architecture?: ArchitectureSpec): string[] {
  const lacking: string[] = [];
  if ((recipe.emaDecay ?? 0) > 0) lacking.push('emaDecay (a moving average of the weights)');
  if ((recipe.testTimeShift ?? 0) > 0) lacking.push('testTimeShift (shifted test views)');
  architecture?.layers.forEach((layer, index) => {
    if (layer.type === 'patchWhitening') lacking.push(`layer ${index + 1} (patchWhitening: filters computed from the training images)`);
  });
  return lacking;
}

export async function racePytorch(preset: PresetInfo, dataset: LoadedDataset, target: number, log: (line: string) => void): Promise<AccuracyRace> {
  const lacking = settingsPytorchLacks(preset.recipe, preset.architecture);
  if (lacking.length > 0) throw new Error(`${preset.id}: the PyTorch peer does not reproduce ${lacking.join(' or ')}`);
  const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-tta-'));
  try {
    const files = {
      trainImages: join(folder, 'train-images'),
      trainLabels: join(folder, 'train-labels'),
      testImages: join(folder, 'test-images'),
      testLabels: join(folder, 'test-labels'),
    };
    await writeFile(files.trainImages, dataset.train.images);
    await writeFile(files.trainLabels, dataset.train.labels.subarray(0, dataset.train.count));
    await writeFile(files.testImages, dataset.test.images);
    await writeFile(files.testLabels, dataset.test.labels.subarray(0, dataset.test.count));
    const stats = computeChannelStats(dataset.train, dataset.info.channels);
    const request = {
      network: peerNetwork(preset.architecture),
      recipe: preset.recipe,
      mean: stats.mean,
      std: stats.std,
      files,
      trainCount: dataset.train.count,
      testCount: dataset.test.count,
      threads: PYTORCH_THREADS,
      seed: preset.recipe.seed,
      target,
      stopAtTarget: true,
    };
    const race: AccuracyRace = { engine: 'pytorch', description: `PyTorch, ${PYTORCH_THREADS} threads`, epochs: [], secondsToTarget: null };
    const child = spawn(SYSTEM_PYTHON, [scriptPath()], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.stdin.end(`${JSON.stringify(request)}\n`);
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('{')) continue;
      const message = JSON.parse(line) as { type: string; epoch: number; seconds: number; testAccuracy: number };
      if (message.type !== 'epoch') continue;
      race.epochs.push({ epoch: message.epoch, seconds: message.seconds, testAccuracy: message.testAccuracy });
      log(`${preset.id}: PyTorch epoch ${message.epoch}, ${message.seconds.toFixed(0)} s, test accuracy ${(100 * message.testAccuracy).toFixed(2)}%`);
      if (message.testAccuracy >= target) race.secondsToTarget ??= message.seconds;
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));
    if (code !== 0) throw new Error(`PyTorch's time-to-accuracy run exited with code ${code}: ${stderr.trim()}`);
    return race;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
