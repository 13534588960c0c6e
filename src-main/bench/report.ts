// What a bench run reports, and the pure arithmetic that turns timed
// measurements into it: medians over rounds, images/s, achieved GFLOP/s and
// the ratios of this engine against every peer. Kept free of I/O so it is
// unit-tested without timing anything.

export const ENGINE_IDS = ['cnn-workbench', 'tfjs-cpu', 'tfjs-wasm', 'pytorch', 'pytorch-tuned'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/** The engine under test; every other engine is a peer it is compared against. */
export const OWN_ENGINE: EngineId = 'cnn-workbench';

export const MODES = ['train', 'eval'] as const;
export type Mode = (typeof MODES)[number];

/** A training step runs forward, backward (≈ 2× forward) and the update: 3× the forward FLOPs. */
export const TRAINING_FLOPS_FACTOR = 3;

/** One timed run of a fixed number of batches on one engine. */
export interface Measurement {
  engine: EngineId;
  net: string;
  mode: Mode;
  /** Threads the engine computed with (cnn-workbench: its worker count). */
  workers: number;
  round: number;
  images: number;
  seconds: number;
}

export interface BenchResult {
  engine: EngineId;
  net: string;
  mode: Mode;
  workers: number;
  /** Median over rounds. */
  imagesPerSecond: number;
  /** Achieved arithmetic rate at that median. */
  gflops: number;
  /** Each round's images/s, in round order. */
  roundImagesPerSecond: number[];
  /** The round each of those was measured in (an engine slower than 5 s a step runs in round 1 only). */
  rounds: number[];
}

/** cnn-workbench's images/s divided by another engine's, same net and mode. */
export interface BenchRatio {
  net: string;
  mode: Mode;
  engine: EngineId;
  workers: number;
  versus: EngineId;
  versusWorkers: number;
  /** The medians' ratio. */
  ratio: number;
  /**
   * Each round's ratio, of the two measurements taken back to back in that
   * round: the machine's speed drifts over minutes, so how these spread says
   * how much of the median ratio is the machine rather than the engines.
   */
  roundRatios: number[];
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  /** 1, 5 and 15-minute load averages when the bench started: other work skews every figure. */
  loadAverage: number[];
}

/** What ran for each contender: version, backend, threads. */
export interface EngineDescription {
  engine: EngineId;
  workers: number;
  description: string;
}

export interface BenchSettings {
  batchSize: number;
  rounds: number;
  /** Fixed steps per measurement, or null when each engine's steps are sized to its speed. */
  steps: number | null;
  nets: string[];
  modes: Mode[];
}

/** One full-dataset training epoch run as `cnn-workbench train` would, in a process of its own. */
export interface PeakRss {
  net: string;
  dataset: string;
  /** Where the dataset was read from. */
  source: string;
  workers: number;
  /** The whole process (main thread, coordinator, pool workers): its maxRSS. */
  peakRssBytes: number;
  /** The epoch as the trainer timed it (training and validation). */
  epochSeconds: number;
  trainImagesPerSecond: number;
}

export interface BenchReport {
  machine: MachineInfo;
  settings: BenchSettings;
  engines: EngineDescription[];
  results: BenchResult[];
  ratios: BenchRatio[];
  peakRss: PeakRss | null;
  notes: string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Forward FLOPs per image of each net, as common/arch/analyze.ts counts them. */
export type FlopsPerImage = Readonly<Record<string, number>>;

export function gflopsFor(imagesPerSecond: number, forwardFlops: number, mode: Mode): number {
  return (imagesPerSecond * forwardFlops * (mode === 'train' ? TRAINING_FLOPS_FACTOR : 1)) / 1e9;
}

/** One result per engine, net, mode and worker count, in the order first measured. */
export function summarize(measurements: readonly Measurement[], flops: FlopsPerImage): BenchResult[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.engine}\u0000${m.net}\u0000${m.mode}\u0000${m.workers}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  return [...groups.values()].map((group) => {
    const { engine, net, mode, workers } = group[0];
    const forwardFlops = flops[net];
    if (forwardFlops === undefined) throw new Error(`no FLOP count for net ${net}`);
    const inOrder = [...group].sort((a, b) => a.round - b.round);
    const perRound = inOrder.map((m) => m.images / m.seconds);
    const imagesPerSecond = median(perRound);
    return {
      engine, net, mode, workers, imagesPerSecond, gflops: gflopsFor(imagesPerSecond, forwardFlops, mode),
      roundImagesPerSecond: perRound, rounds: inOrder.map((m) => m.round),
    };
  });
}

/**
 * For every cnn-workbench result: its ratio to each peer on the same net and
 * mode, and to its own runs with fewer workers (the scaling figure).
 */
export function computeRatios(results: readonly BenchResult[]): BenchRatio[] {
  const ratios: BenchRatio[] = [];
  for (const own of results) {
    if (own.engine !== OWN_ENGINE) continue;
    for (const other of results) {
      if (other.net !== own.net || other.mode !== own.mode) continue;
      if (other.engine === OWN_ENGINE && other.workers >= own.workers) continue;
      ratios.push({
        net: own.net,
        mode: own.mode,
        engine: own.engine,
        workers: own.workers,
        versus: other.engine,
        versusWorkers: other.workers,
        ratio: own.imagesPerSecond / other.imagesPerSecond,
        roundRatios: roundRatios(own, other),
      });
    }
  }
  return ratios;
}

/** own's images/s over other's in each round both were measured in, in round order. */
function roundRatios(own: BenchResult, other: BenchResult): number[] {
  return own.rounds.flatMap((round, k) => {
    const theirs = other.rounds.indexOf(round);
    return theirs === -1 ? [] : [own.roundImagesPerSecond[k] / other.roundImagesPerSecond[theirs]];
  });
}

export function buildReport(
  parts: Omit<BenchReport, 'results' | 'ratios'> & { measurements: readonly Measurement[]; flops: FlopsPerImage },
): BenchReport {
  const results = summarize(parts.measurements, parts.flops);
  return {
    machine: parts.machine,
    settings: parts.settings,
    engines: parts.engines,
    results,
    ratios: computeRatios(results),
    peakRss: parts.peakRss,
    notes: [...new Set(parts.notes)],
  };
}
