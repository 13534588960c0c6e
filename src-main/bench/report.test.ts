import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from './benchTables.js';
import { buildReport, computeRatios, ENGINE_IDS, gflopsFor, median, summarize, type BenchResult, type Measurement } from './report.js';

const measurement = (engine: Measurement['engine'], workers: number, round: number, imagesPerSecond: number, mode: Measurement['mode'] = 'train', net = 'mnist-baseline'): Measurement => ({
  engine,
  net,
  mode,
  workers,
  round,
  images: imagesPerSecond * 2,
  seconds: 2,
});

const result = (engine: BenchResult['engine'], workers: number, imagesPerSecond: number, mode: BenchResult['mode'] = 'train', net = 'mnist-baseline'): BenchResult => ({
  engine,
  net,
  mode,
  workers,
  imagesPerSecond,
  gflops: 0,
  roundImagesPerSecond: [imagesPerSecond],
  rounds: [1],
});

test('median takes the middle value, or the mean of the two middle ones, whatever the order', () => {
  assert.equal(median([5]), 5);
  assert.equal(median([9, 1, 4]), 4);
  assert.equal(median([10, 2, 8, 4]), 6);
  assert.equal(median([3, 3, 100]), 3, 'one outlier round does not move it');
  assert.throws(() => median([]), /no values/);
});

test('GFLOP/s counts three forward passes per trained image and one per evaluated image', () => {
  assert.equal(gflopsFor(1000, 2e6, 'eval'), 2);
  assert.equal(gflopsFor(1000, 2e6, 'train'), 6);
});

test('summarize groups rounds per engine, net, mode and workers and reports their median', () => {
  const flops = { 'mnist-baseline': 1e6, 'cifar-baseline': 3e6 };
  const results = summarize(
    [
      measurement('cnn-workbench', 1, 2, 300),
      measurement('tfjs-wasm', 1, 1, 50),
      measurement('cnn-workbench', 1, 1, 100),
      measurement('cnn-workbench', 1, 3, 200),
      measurement('cnn-workbench', 2, 1, 400),
      measurement('cnn-workbench', 1, 1, 1000, 'eval'),
      measurement('cnn-workbench', 1, 1, 500, 'train', 'cifar-baseline'),
    ],
    flops,
  );
  assert.equal(results.length, 5);
  const [first] = results;
  assert.deepEqual(first.roundImagesPerSecond, [100, 300, 200], 'rounds in round order');
  assert.equal(first.imagesPerSecond, 200);
  assert.equal(first.gflops, (200 * 1e6 * 3) / 1e9);
  assert.equal(results.find((r) => r.mode === 'eval')?.gflops, (1000 * 1e6) / 1e9);
  assert.equal(results.find((r) => r.net === 'cifar-baseline')?.gflops, (500 * 3e6 * 3) / 1e9);
  assert.throws(() => summarize([measurement('tfjs-cpu', 1, 1, 5, 'train', 'cifar-best')], flops), /cifar-best/);
});

test('ratios compare cnn-workbench with every peer and with itself at fewer workers, on the same net and mode only', () => {
  const ratios = computeRatios([
    result('cnn-workbench', 1, 1000),
    result('cnn-workbench', 2, 1800),
    result('tfjs-wasm', 1, 200),
    result('pytorch-tuned', 2, 4000),
    result('tfjs-wasm', 1, 10, 'eval'),
    result('tfjs-wasm', 1, 10, 'train', 'cifar-baseline'),
  ]);
  const find = (workers: number, versus: string, versusWorkers: number) =>
    ratios.find((r) => r.workers === workers && r.versus === versus && r.versusWorkers === versusWorkers)?.ratio;
  assert.equal(find(1, 'tfjs-wasm', 1), 5);
  assert.equal(find(2, 'tfjs-wasm', 1), 9);
  assert.equal(find(2, 'pytorch-tuned', 2), 0.45);
  assert.equal(find(2, 'cnn-workbench', 1), 1.8, 'the scaling from 1 to 2 workers');
  assert.equal(find(1, 'cnn-workbench', 2), undefined, 'never against more workers');
  assert.equal(find(1, 'cnn-workbench', 1), undefined, 'never against itself');
  assert.equal(ratios.length, 5, 'nothing across modes or nets');
  assert.ok(ratios.every((r) => r.engine === 'cnn-workbench' && r.net === 'mnist-baseline' && r.mode === 'train'));
});

test('each round pairs the two engines measured back to back in it; rounds one of them skipped drop out', () => {
  const flops = { 'mnist-baseline': 1e6 };
  const [own, peer, slow] = summarize(
    [
      measurement('cnn-workbench', 2, 1, 100), measurement('pytorch-tuned', 2, 1, 125), measurement('tfjs-cpu', 1, 1, 10),
      measurement('cnn-workbench', 2, 2, 150), measurement('pytorch-tuned', 2, 2, 150),
      measurement('cnn-workbench', 2, 3, 90), measurement('pytorch-tuned', 2, 3, 100),
    ],
    flops,
  );
  assert.deepEqual([own.rounds, peer.rounds, slow.rounds], [[1, 2, 3], [1, 2, 3], [1]]);
  const [versusPeer, versusSlow] = computeRatios([own, peer, slow]);
  assert.equal(versusPeer.ratio, 100 / 125, 'the medians: 100 against 125');
  assert.deepEqual(versusPeer.roundRatios, [0.8, 1, 0.9]);
  assert.deepEqual(versusSlow.roundRatios, [10], 'round 1 only');
});

test('the terminal table shows each ratio with the range of its rounds', () => {
  const report = buildReport({
    machine: { cpu: 'test cpu', cores: 2, memoryGiB: 24, platform: 'linux', node: 'v20', loadAverage: [0, 0, 0] },
    settings: { batchSize: 64, rounds: 2, steps: null, nets: ['mnist-baseline'], modes: ['train'] },
    engines: [],
    measurements: [measurement('cnn-workbench', 2, 1, 90), measurement('pytorch', 2, 1, 100), measurement('cnn-workbench', 2, 2, 110), measurement('pytorch', 2, 2, 100)],
    flops: { 'mnist-baseline': 1e6 },
    peakRss: null,
    notes: [],
  });
  assert.match(renderReport(report), /1\.00× \(rounds 0\.900–1\.10\)/);
});

test('the report serialises to the JSON the issue specifies', () => {
  const report = buildReport({
    machine: { cpu: 'test cpu', cores: 2, memoryGiB: 24, platform: 'linux', node: 'v20', loadAverage: [0, 0, 0] },
    settings: { batchSize: 64, rounds: 1, steps: null, nets: ['mnist-baseline'], modes: ['train'] },
    engines: [{ engine: 'cnn-workbench', workers: 1, description: 'cnn-workbench, 1 worker' }],
    measurements: [measurement('cnn-workbench', 1, 1, 900), measurement('pytorch', 2, 1, 300)],
    flops: { 'mnist-baseline': 1e6 },
    peakRss: null,
    notes: ['tfjs-cpu skipped: not installed', 'tfjs-cpu skipped: not installed'],
  });
  const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  for (const key of ['machine', 'results', 'ratios', 'notes']) assert.ok(key in json, `has ${key}`);
  const results = json.results as Record<string, unknown>[];
  assert.equal(results.length, 2);
  for (const r of results) {
    for (const key of ['engine', 'net', 'mode', 'workers', 'imagesPerSecond', 'gflops']) assert.ok(key in r, `result has ${key}`);
    assert.ok((ENGINE_IDS as readonly unknown[]).includes(r.engine));
    assert.ok(r.mode === 'train' || r.mode === 'eval');
    assert.equal(typeof r.imagesPerSecond, 'number');
    assert.equal(typeof r.gflops, 'number');
  }
  assert.deepEqual(json.ratios, [{ net: 'mnist-baseline', mode: 'train', engine: 'cnn-workbench', workers: 1, versus: 'pytorch', versusWorkers: 2, ratio: 3, roundRatios: [3] }]);
  assert.deepEqual(json.notes, ['tfjs-cpu skipped: not installed'], 'repeated notes appear once');
});
