// Files an import leaves out, each with the reason. Every one is counted; the
// first SKIPPED_LISTED are kept with their reasons, so a folder of 200,000
// stray files does not grow the report (or the memory) without bound.

import { SKIPPED_LISTED, type SkippedImage } from '../../../common/datasets.js';

export class SkipList {
  readonly listed: SkippedImage[] = [];
  count = 0;

  add(file: string, reason: string): void {
    this.count++;
    if (this.listed.length < SKIPPED_LISTED) this.listed.push({ file, reason });
  }
}
