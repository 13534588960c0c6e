// The store at scale, measured (a benchmark, not a test: `npm run bench:store`,
// options --runs N, --memory-runs N, --memory-workers N, --keep FILE). It generates 1,000
// completed runs with 50 epochs each and their misclassified samples, then
// times what the app asks at the API (runs list, search, run page, compare),
// reports bytes per run and per epoch, deletes half the runs to show the
// space coming back, and trains 100 short runs in one process to show memory
// staying flat. Figures go to stdout as a table and, last, one JSON line.
//
// Memory is judged from run 20 on (WARM_UP_RUNS), and shown by where it sits
// (processMemory.ts). The runs use two workers, as the recipes do. When every
// run started a coordinator thread (and its pool threads) and ended them,
// glibc's malloc heaps grew in steps run after run (+11% RSS from run 20 to
// 100 with one worker): each new thread's allocations landed where the last
// ones' freed memory could not be reused or returned. The threads are now
// kept across runs (workers/training/keptThreads.ts) and
// collect their garbage when a run ends (workers/training/collectGarbage.ts).

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createWorkbenchService } from '../../api/workbenchService.js';
import { DatasetCache } from '../../runs/datasetCache.js';
import { trainingFolder, WIDE_NETWORK } from '../../runs/processTestFixtures.js';
import { RunManager } from '../../runs/runManager.js';
import { openDatabase } from '../openDatabase.js';
import { residentBreakdown, type ResidentBreakdown } from './processMemory.js';
import { SqliteRunStore, openSqliteRunStore } from '../sqliteRunStore.js';
import { addSyntheticRuns, SCALE_SHAPE } from './syntheticRuns.js';

interface Timing {
  what: string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/** Calls per figure: enough for the p95 to be a sample other than the slowest. */
const REPEATS = 100;

async function time(what: string, repeats: number, work: (i: number) => Promise<unknown>): Promise<Timing> {
  await work(0);
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  // Nearest rank. (With 20 samples, index floor(0.95 × 20) = 19 is the last one: the p95 reported was the max.)
  const at = (q: number) => samples[Math.max(0, Math.ceil(q * samples.length) - 1)];
  return { what, medianMs: at(0.5), p95Ms: at(0.95), maxMs: samples[samples.length - 1] };
}

function tableSizes(db: ReturnType<typeof openDatabase>): Record<string, number> {
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as { name: string; bytes: number }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.bytes]));
  } catch {
    return {};
  }
}

async function scale(file: string, runs: number) {
  const shape = { ...SCALE_SHAPE, runs };
  const db = openDatabase(file);
  const store = new SqliteRunStore(db);
  const started = performance.now();
  const ids = addSyntheticRuns(store, (work) => db.transaction(work)(), shape);
  const generationSeconds = (performance.now() - started) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fileBytes = statSync(file).size;
  const sizes = tableSizes(db);
  store.close();

  const service = await createWorkbenchService({ databasePath: file, carrier: 'serve' });
  const { api } = service;
  const [a, b] = [ids[ids.length - 1], ids[ids.length - 2]];
  const timings = [
    await time(`runs list (${runs} runs)`, REPEATS, () => api.listRuns()),
    await time('runs list, search "wide"', REPEATS, () => api.listRuns({ search: 'wide' })),
    await time('runs list, tag "sweep"', REPEATS, () => api.listRuns({ tag: 'sweep' })),
    await time('run page (getRun + first 60 misclassified)', REPEATS, (i) => Promise.all([api.getRun(ids[i % ids.length]), api.getMisclassified(ids[i % ids.length], { limit: 60 })])),
    await time('compare two runs', REPEATS, () => api.compareRuns([a, b])),
  ];
  await service.close();

  const reopened = openSqliteRunStore(file);
  const half = ids.slice(0, Math.floor(ids.length / 2));
  const deleteStarted = performance.now();
  for (const id of half) reopened.deleteRun(id);
  const deleteMsPerRun = (performance.now() - deleteStarted) / half.length;
  reopened.close();
  const check = openDatabase(file);
  check.pragma('wal_checkpoint(TRUNCATE)');
  check.close();
  const afterDeleteBytes = statSync(file).size;
  const epochBytes = (sizes.epochs ?? 0) / (runs * shape.epochsPerRun);
  return {
    shape,
    generationSeconds,
    fileBytes,
    bytesPerRun: fileBytes / runs,
    bytesPerEpochRow: epochBytes,
    tables: sizes,
    timings,
    deleted: half.length,
    deleteMsPerRun,
    afterDeleteBytes,
  };
}

/** Runs before memory is expected to level off: the first runs load the dataset, compile the kernels and size the allocator's heaps. */
const WARM_UP_RUNS = 20;

/** The glibc settings that change how freed memory is kept, where set. */
const ALLOCATOR_ENVIRONMENT = ['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'GLIBC_TUNABLES'];

function memory(): { rss: number; heapUsed: number; arrayBuffers: number; resident: ResidentBreakdown | null } {
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers, resident: residentBreakdown() };
}

async function settle(): Promise<ReturnType<typeof memory>> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return memory();
}

async function shortRuns(count: number, workers: number) {
  const folder = trainingFolder();
  const store = openSqliteRunStore(folder.db);
  const runs = new RunManager(store, new DatasetCache());
  const samples: ({ run: number } & ReturnType<typeof memory>)[] = [];
  try {
    for (let n = 1; n <= count; n++) {
      const started = await runs.start({
        architecture: structuredClone(WIDE_NETWORK),
        datasetId: `idx:${join(folder.dir, 'data')}`,
        hyperparameters: {
          epochs: 1, batchSize: 16, learningRate: 0.05, optimizer: 'sgdMomentum', momentum: 0.9, weightDecay: 0,
          schedule: { kind: 'constant' }, seed: n, valSplit: 0.25, trainLimit: null, testLimit: null, workers,
        },
      });
      const ended = await runs.waitFor(started.id);
      if (ended.status !== 'completed') throw new Error(`run ${n} ended ${ended.status}: ${ended.error}`);
      if (n % 10 === 0) {
        // Sampled once the run's thread has let go of its memory: a run reads completed a moment before.
        while (runs.trainingThreads().idle === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        samples.push({ run: n, ...(await settle()) });
      }
    }
  } finally {
    await runs.close();
    store.close();
    folder.remove();
  }
  const first = samples[0];
  const warm = samples.find((sample) => sample.run >= WARM_UP_RUNS) ?? first;
  const last = samples[samples.length - 1];
  const growth = (from: (typeof samples)[number], key: 'rss' | 'heapUsed' | 'arrayBuffers') => last[key] / from[key] - 1;
  // Not only the last sample: RSS must stay in the band all the way, not just come back to it.
  const afterWarmUp = samples.filter((sample) => sample.run >= warm.run);
  const rssBand = { low: Math.min(...afterWarmUp.map((x) => x.rss)) / warm.rss - 1, high: Math.max(...afterWarmUp.map((x) => x.rss)) / warm.rss - 1 };
  const mallocBytes = (sample: (typeof samples)[number]) => (sample.resident ? sample.resident.arenaBytes + sample.resident.mainHeapBytes : null);
  const [warmMalloc, lastMalloc] = [mallocBytes(warm), mallocBytes(last)];
  return {
    runs: count,
    workers,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    allocatorEnvironment: Object.fromEntries(ALLOCATOR_ENVIRONMENT.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
    samples,
    rssGrowth: growth(first, 'rss'),
    heapGrowth: growth(first, 'heapUsed'),
    arrayBufferGrowth: growth(first, 'arrayBuffers'),
    warmUpRun: warm.run,
    rssGrowthAfterWarmUp: growth(warm, 'rss'),
    /** The lowest and highest RSS sampled after the warm-up, against the warm-up sample. */
    rssBandAfterWarmUp: rssBand,
    heapGrowthAfterWarmUp: growth(warm, 'heapUsed'),
    arrayBufferGrowthAfterWarmUp: growth(warm, 'arrayBuffers'),
    /** Of the RSS added after the warm-up, the bytes in glibc's malloc heaps (main and secondary arenas). */
    mallocHeapBytesAddedAfterWarmUp: warmMalloc === null || lastMalloc === null ? null : lastMalloc - warmMalloc,
    rssBytesAddedAfterWarmUp: last.rss - warm.rss,
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, 'memory-runs': { type: 'string' }, 'memory-workers': { type: 'string' }, keep: { type: 'string' } },
  });
  const runs = Number(values.runs ?? SCALE_SHAPE.runs);
  const memoryRuns = Number(values['memory-runs'] ?? 100);
  // Two workers, as the recipes' default: the coordinator and a pool thread per run.
  const memoryWorkers = Number(values['memory-workers'] ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-bench-store-'));
  const file = values.keep ?? join(dir, 'runs.sqlite');
  try {
    const result = await scale(file, runs);
    console.log(`${result.shape.runs} runs × ${result.shape.epochsPerRun} epochs, ${result.shape.misclassifiedPerRun} misclassified each: generated in ${result.generationSeconds.toFixed(1)} s`);
    console.log(`file ${mb(result.fileBytes)}: ${(result.bytesPerRun / 1024).toFixed(1)} KiB per run, ${result.bytesPerEpochRow.toFixed(0)} bytes per epoch row`);
    for (const [table, bytes] of Object.entries(result.tables).slice(0, 8)) console.log(`  ${table.padEnd(32)} ${mb(bytes)}`);
    console.log('API latency (median / p95 / max):');
    for (const t of result.timings) console.log(`  ${t.what.padEnd(46)} ${t.medianMs.toFixed(1)} / ${t.p95Ms.toFixed(1)} / ${t.maxMs.toFixed(1)} ms`);
    console.log(`deleted ${result.deleted} runs (${result.deleteMsPerRun.toFixed(1)} ms each): file ${mb(result.fileBytes)} → ${mb(result.afterDeleteBytes)}`);
    const memoryResult = memoryRuns > 0 ? await shortRuns(memoryRuns, memoryWorkers) : null;
    if (memoryResult) {
      const allocator = Object.entries(memoryResult.allocatorEnvironment).map(([name, value]) => `${name}=${value}`).join(' ');
      console.log(
        `${memoryResult.runs} short runs of ${memoryResult.workers} worker${memoryResult.workers === 1 ? '' : 's'} in one process${memoryResult.gcExposed ? '' : ' (run with node --expose-gc for settled figures)'}` +
          `${allocator ? `, ${allocator}` : ''}:`,
      );
      for (const s of memoryResult.samples) {
        const where = s.resident
          ? ` (malloc: ${s.resident.arenaHeaps} arena heaps ${mb(s.resident.arenaBytes)}, main heap ${mb(s.resident.mainHeapBytes)}; other anonymous ${mb(s.resident.otherAnonymousBytes)})`
          : '';
        console.log(`  after run ${String(s.run).padStart(3)}: rss ${mb(s.rss)}, heap ${mb(s.heapUsed)}, array buffers ${mb(s.arrayBuffers)}${where}`);
      }
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const { samples } = memoryResult;
      console.log(`  from run ${samples[0].run} to run ${memoryResult.runs}: rss ${pct(memoryResult.rssGrowth)}, heap ${pct(memoryResult.heapGrowth)}, array buffers ${pct(memoryResult.arrayBufferGrowth)}`);
      const inMalloc = memoryResult.mallocHeapBytesAddedAfterWarmUp === null ? '' : `; of the ${mb(memoryResult.rssBytesAddedAfterWarmUp)} added, ${mb(memoryResult.mallocHeapBytesAddedAfterWarmUp)} in malloc heaps`;
      console.log(
        `  after warm-up, from run ${memoryResult.warmUpRun} to run ${memoryResult.runs}: rss ${pct(memoryResult.rssGrowthAfterWarmUp)}, ` +
          `heap ${pct(memoryResult.heapGrowthAfterWarmUp)}, array buffers ${pct(memoryResult.arrayBufferGrowthAfterWarmUp)}${inMalloc}`,
      );
      const band = memoryResult.rssBandAfterWarmUp;
      console.log(`  every sample after warm-up: rss within ${pct(band.low)} to +${pct(band.high)} of run ${memoryResult.warmUpRun}'s`);
    }
    console.log(JSON.stringify({ scale: result, memory: memoryResult }));
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
