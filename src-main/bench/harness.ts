// Runs the plan: one process per contender, started once; then for every net
// and mode, rounds in which the contenders take turns (A B C A B C …), so a
// slow drift of the machine — other work, heat — falls on all of them alike.
// Only one engine computes at any moment.

import { setTimeout as delay } from 'node:timers/promises';
import { findPreset } from '../../common/arch/presets.js';
import { EngineProcess } from './engineProcess.js';
import { peerNetwork } from './engines/peerLayers.js';
import type { BenchPlan, Contender } from './plan.js';
import { analyzeArchitecture } from '../../common/arch/analyze.js';
import {
  BENCH_BATCH_SIZE,
  BENCH_SEED,
  measuredInRound,
  measurementTimeLimit,
  rewarmSteps,
  SETTLE_MILLISECONDS,
  sitsOut,
  stepsPerMeasurement,
  WARMUP,
} from './policy.js';
import type { EngineReply, PrepareRequest } from './protocol.js';
import { OWN_ENGINE, type EngineDescription, type Measurement, type Mode } from './report.js';

export interface HarnessOutput {
  measurements: Measurement[];
  /** What ran, for every contender that was measured. */
  engines: EngineDescription[];
  notes: string[];
  /** cnn-workbench itself failed (not merely unavailable): the bench exits non-zero. */
  ownEngineFailed: boolean;
}

type Log = (line: string) => void;

interface Entry {
  contender: Contender;
  process: EngineProcess;
  description: EngineDescription | null;
}

function startProcess(contender: Contender): EngineProcess {
  switch (contender.engine) {
    case 'pytorch':
      return EngineProcess.spawnPytorch(false, contender.label);
    case 'pytorch-tuned':
      return EngineProcess.spawnPytorch(true, contender.label);
    default:
      return EngineProcess.forkNode(contender.engine, contender.workers ?? 1, contender.label);
  }
}

function prepareRequest(net: string, mode: Mode): PrepareRequest {
  const preset = findPreset(net);
  if (!preset) throw new Error(`no preset called ${net}`);
  const { learningRate, momentum, weightDecay } = preset.recipe;
  return {
    type: 'prepare',
    net,
    mode,
    batchSize: BENCH_BATCH_SIZE,
    seed: BENCH_SEED,
    architecture: preset.architecture,
    network: peerNetwork(preset.architecture),
    optimizer: { learningRate, momentum, weightDecay },
    warmup: WARMUP,
  };
}

class BenchRun {
  readonly output: HarnessOutput = { measurements: [], engines: [], notes: [], ownEngineFailed: false };
  private readonly entries: Entry[];
  /** Contenders still in the race. */
  private active: Entry[] = [];

  constructor(
    private readonly plan: BenchPlan,
    private readonly log: Log,
  ) {
    this.entries = plan.contenders.map((contender) => ({ contender, process: startProcess(contender), description: null }));
  }

  async start(): Promise<void> {
    this.log(`starting ${this.plan.contenders.map((c) => c.label).join(', ')}…`);
    for (const entry of this.entries) {
      const reply = await entry.process.started.catch((error: Error) => error);
      if (reply instanceof Error || reply.type !== 'ready') {
        this.retire(entry, reply);
        continue;
      }
      entry.description = { engine: entry.contender.engine, workers: reply.threads, description: reply.description };
      this.output.notes.push(...reply.notes);
      this.active.push(entry);
    }
  }

  async runNetMode(net: string, mode: Mode): Promise<void> {
    const prepare = prepareRequest(net, mode);
    const pace = new Map<Entry, number>();
    const flops = analyzeArchitecture(prepare.architecture).totalFlops;
    const racing = this.active.filter((entry) => {
      if (!sitsOut(entry.contender.engine, flops)) return true;
      this.output.notes.push(`${entry.contender.label} sat out ${net} (${(flops / 1e6).toFixed(0)} MFLOP an image): one step would take minutes`);
      return false;
    });
    for (let round = 1; round <= this.plan.rounds; round++) {
      for (const entry of racing.filter((e) => this.active.includes(e))) {
        try {
          if (!pace.has(entry)) {
            this.log(`${net} ${mode}: warming up ${entry.contender.label}…`);
            const reply = await entry.process.request(prepare);
            if (reply.type !== 'prepared') {
              this.retire(entry, reply);
              continue;
            }
            pace.set(entry, reply.secondsPerStep);
          }
          await this.measure(entry, net, mode, round, pace.get(entry) as number);
        } catch (error) {
          this.retire(entry, error as Error);
        }
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.entries.map((entry) => entry.process.close()));
    const measured = new Set(this.output.measurements.map((m) => `${m.engine}/${m.workers}`));
    this.output.engines = this.entries.flatMap((e) => (e.description && measured.has(`${e.description.engine}/${e.description.workers}`) ? [e.description] : []));
  }

  private async measure(entry: Entry, net: string, mode: Mode, round: number, secondsPerStep: number): Promise<void> {
    const { label, engine } = entry.contender;
    if (!measuredInRound(round, secondsPerStep)) {
      if (round === 2) this.output.notes.push(`${label}: one ${mode} step of ${net} takes ${secondsPerStep.toFixed(1)} s, so it was measured in round 1 only`);
      return;
    }
    await delay(SETTLE_MILLISECONDS);
    const reply = await entry.process.request({
      type: 'measure',
      net,
      mode,
      steps: stepsPerMeasurement(secondsPerStep, this.plan.steps),
      maxSeconds: measurementTimeLimit(this.plan.steps),
      warmupSteps: rewarmSteps(secondsPerStep),
    });
    if (reply.type !== 'measured') {
      this.retire(entry, reply);
      return;
    }
    const images = reply.steps * BENCH_BATCH_SIZE;
    const workers = entry.description?.workers ?? 1;
    this.output.measurements.push({ engine, net, mode, workers, round, images, seconds: reply.seconds });
    const rate = Math.round(images / reply.seconds).toLocaleString('en-US');
    this.log(`${net} ${mode} round ${round}/${this.plan.rounds}: ${label} ${rate} images/s (${reply.steps} steps in ${reply.seconds.toFixed(2)} s)`);
  }

  /**
   * Takes a contender out of the rest of the run, with a note saying why. An
   * unavailable engine is skipped; a failing one is reported as failed (and
   * fails the bench when it is cnn-workbench).
   */
  private retire(entry: Entry, why: EngineReply | Error): void {
    const { label, engine } = entry.contender;
    const pytorch = engine === 'pytorch' || engine === 'pytorch-tuned';
    // A Python that cannot start at all is as unavailable as one without torch.
    const unavailable = (why instanceof Error && pytorch && !entry.description) || (!(why instanceof Error) && why.type === 'unavailable');
    const reason =
      why instanceof Error ? why.message : why.type === 'unavailable' ? why.reason : why.type === 'error' ? why.message : `unexpected reply "${why.type}"`;
    // Both PyTorch contenders share the reason: one line (notes are deduplicated) says it for both.
    const note = !unavailable ? `${label} failed: ${reason}` : pytorch ? `PyTorch unavailable, skipped: ${reason}` : `${label} skipped: ${reason}`;
    if (!this.output.notes.includes(note)) this.log(note);
    this.output.notes.push(note);
    if (!unavailable && engine === OWN_ENGINE) this.output.ownEngineFailed = true;
    this.active = this.active.filter((e) => e !== entry);
  }
}

export async function runHarness(plan: BenchPlan, log: Log): Promise<HarnessOutput> {
  const run = new BenchRun(plan, log);
  try {
    await run.start();
    for (const net of plan.nets) {
      for (const mode of plan.modes) await run.runNetMode(net, mode);
    }
  } finally {
    await run.close();
  }
  return run.output;
}
