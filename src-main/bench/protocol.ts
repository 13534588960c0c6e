// The conversation between the bench and each engine process. Node engines
// receive these as IPC messages (engineChild.ts); the PyTorch peer reads them
// as JSON lines on stdin and answers on stdout (pytorch_peer.py), so both
// sides of that file must keep to what is written here.
//
// The engine answers, in order: one `ready` (or `unavailable`) on start, then
// one reply per request. `prepare` builds the net for a mode and warms it up;
// `measure` times a fixed number of steps; `exit` ends the process.

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { PeerNetwork } from './engines/peerLayers.js';
import type { Mode } from './report.js';

/**
 * How an engine warms up a freshly built net: one step (compiles, allocates);
 * if that step took longer than `slowStepSeconds`, stop there; otherwise keep
 * stepping until `seconds` have passed and at least `minSteps` ran, and
 * report the fastest of the steps after the first. Sizing measurements by the
 * fastest step keeps them from ending too soon when the warm-up ran into other
 * work on the machine; an engine slower than that is cut off by maxSeconds.
 */
export interface WarmupPolicy {
  seconds: number;
  minSteps: number;
  slowStepSeconds: number;
}

export interface PrepareRequest {
  type: 'prepare';
  net: string;
  mode: Mode;
  batchSize: number;
  seed: number;
  architecture: ArchitectureSpec;
  /** The same net resolved for engines that build it layer by layer. */
  network: PeerNetwork;
  /** SGD with momentum, from the preset's recipe; every engine uses the same values. */
  optimizer: { learningRate: number; momentum: number; weightDecay: number };
  warmup: WarmupPolicy;
}

export interface MeasureRequest {
  type: 'measure';
  net: string;
  mode: Mode;
  steps: number;
  /** Stop early after the step that crosses this: an engine that slows down mid-run must not hold up the bench. */
  maxSeconds: number;
  /** Untimed steps first, to bring back caches another engine evicted. */
  warmupSteps: number;
}

export type EngineRequest = PrepareRequest | MeasureRequest | { type: 'exit' };

export type EngineReply =
  /** Started; `description` says what runs (version, backend, threads). */
  | { type: 'ready'; description: string; threads: number; notes: string[] }
  | { type: 'prepared'; secondsPerStep: number }
  /** `steps` were run (fewer than asked when maxSeconds ran out) in `seconds`. */
  | { type: 'measured'; seconds: number; steps: number }
  /** This engine (or this configuration of it) cannot run here: skipped, not an error. */
  | { type: 'unavailable'; reason: string }
  | { type: 'error'; message: string };
