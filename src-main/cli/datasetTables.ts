// Plain-text tables of datasets for `cnn-workbench datasets`.

import type { DatasetInfo, ImageDatasetDetails } from '../../common/datasets.js';
import { renderTable } from './tables.js';

const count = (n: number) => n.toLocaleString('en-US');

export function datasetsTable(datasets: DatasetInfo[]): string {
  const rows = datasets.map((info) => [
    info.name,
    `${info.channels}×${info.height}×${info.width}`,
    count(info.classNames.length),
    count(info.trainCount),
    count(info.testCount),
    info.unavailable ? 'unavailable' : info.needsDownload ? 'to download' : (info.images?.cacheFile ?? info.source),
    info.id,
  ]);
  return renderTable(['name', 'shape', 'classes', 'train', 'test', 'where', 'id'], rows, ['left', 'left', 'right', 'right', 'right']);
}

export function skippedTable(images: ImageDatasetDetails): string {
  const table = renderTable(
    ['file', 'reason'],
    images.skipped.map((item) => [item.file, item.reason]),
  );
  const more = images.skippedCount - images.skipped.length;
  return more > 0 ? `${table}\n… and ${count(more)} more` : table;
}
