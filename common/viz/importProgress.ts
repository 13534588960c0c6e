// One line describing an image import in progress, for the CLI's progress
// line and the UI's import panel alike.

import type { ImageImportProgress } from '../datasets.js';
import { formatDuration } from './format.js';

export function describeImportProgress(progress: ImageImportProgress): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if (progress.phase === 'scan') return `looking for images… ${count(progress.done)} files and folders so far`;
  const skipped = progress.skipped > 0 ? ` (${count(progress.skipped)} skipped)` : '';
  const eta = progress.etaSeconds === null ? '' : `  ETA ${formatDuration(progress.etaSeconds * 1000)}`;
  return `decoding ${count(progress.done)}/${count(progress.total ?? progress.done)} images${skipped}  ${count(Math.round(progress.imagesPerSecond))} images/s${eta}`;
}
