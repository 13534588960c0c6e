// The live progress line: rewritten in place on a terminal, one line per
// epoch (and every few seconds) when output goes to a file or a CI log.

import type { RunProgressEvent } from '../../common/api/contract.js';
import type { EpochMetrics } from '../../common/runs.js';
import { formatDuration } from '../../common/viz/format.js';

export function formatProgress(event: RunProgressEvent): string {
  const phase = event.phase === 'training' ? '' : ` ${event.phase}…`;
  return (
    `epoch ${event.epoch}/${event.epochs}  batch ${event.batch}/${event.batches}  ` +
    `loss ${event.loss.toFixed(4)}  acc ${(100 * event.accuracy).toFixed(1)}%  ` +
    `${Math.round(event.imagesPerSecond).toLocaleString('en-US')} img/s  ETA ${formatDuration(event.etaSeconds === null ? null : event.etaSeconds * 1000)}${phase}`
  );
}

export function formatEpoch(m: EpochMetrics): string {
  const val = m.valAccuracy === null ? '' : `  val loss ${m.valLoss?.toFixed(4)}  val acc ${(100 * m.valAccuracy).toFixed(2)}%`;
  return (
    `epoch ${m.epoch} done: train loss ${m.trainLoss.toFixed(4)}  train acc ${(100 * m.trainAccuracy).toFixed(2)}%${val}` +
    `  lr ${m.learningRate.toPrecision(3)}  ${Math.round(m.imagesPerSecond).toLocaleString('en-US')} img/s  ${formatDuration(m.durationMs)}`
  );
}

export class ProgressLine {
  private readonly interactive: boolean;
  private lastPlainLine = 0;
  private pending = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.interactive = stream.isTTY === true;
  }

  update(event: RunProgressEvent): void {
    this.show(formatProgress(event));
  }

  /** Any one-line status (an import's, say), with the same in-place or every-few-seconds behaviour. */
  show(text: string): void {
    if (this.interactive) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.pending = true;
    } else if (Date.now() - this.lastPlainLine > 10_000) {
      this.lastPlainLine = Date.now();
      this.stream.write(`${text}\n`);
    }
  }

  epochDone(metrics: EpochMetrics): void {
    this.clear();
    this.stream.write(`${formatEpoch(metrics)}\n`);
  }

  note(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  finish(): void {
    this.clear();
  }

  private clear(): void {
    if (this.interactive && this.pending) this.stream.write('\r\x1b[2K');
    this.pending = false;
  }
}
