// What the Node engine process needs from an engine adapter: a description,
// and sessions that each run one net in one mode, one batch per step.

import type { PrepareRequest } from '../protocol.js';

export interface BenchSession {
  /**
   * One batch of the fixed synthetic data: a training step (forward,
   * backward, optimizer update) or an evaluation (forward only). It returns
   * once the results are computed, not merely scheduled.
   */
  step(): void | Promise<void>;
  dispose(): void | Promise<void>;
}

export interface BenchEngine {
  /** What runs: version, backend, threads. */
  readonly description: string;
  /** Threads it computes with (cnn-workbench: its workers). */
  readonly threads: number;
  /** Things the reader must know about how this engine was run. */
  readonly notes: string[];
  open(request: PrepareRequest): Promise<BenchSession>;
}

/** This engine, or this configuration of it, cannot run here; the bench skips it and says why. */
export class EngineUnavailable extends Error {
  override name = 'EngineUnavailable';
}
