// Sorting and searching the runs table: pure, so the table component only
// renders, and the rules (nulls last, search across names, tags, dataset)
// are tested in one place.

import type { RunSummary } from '../../../common/runs.js';

export type RunSortKey = 'name' | 'status' | 'dataset' | 'testAccuracy' | 'paramCount' | 'durationMs' | 'createdAt';
export type SortDirection = 'ascending' | 'descending';

export interface RunSort {
  key: RunSortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: RunSort = { key: 'createdAt', direction: 'descending' };

function sortValue(run: RunSummary, key: RunSortKey): string | number | null {
  switch (key) {
    case 'dataset':
      return run.dataset.name.toLowerCase();
    case 'name':
      return run.name.toLowerCase();
    default:
      return run[key];
  }
}

/** Sorted copy; runs without a value (no test accuracy yet) go last in either direction. */
export function sortRuns(runs: readonly RunSummary[], sort: RunSort): RunSummary[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const [va, vb] = [sortValue(a, sort.key), sortValue(b, sort.key)];
    if (va === null || vb === null) return va === vb ? b.id - a.id : va === null ? 1 : -1;
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return b.id - a.id;
  });
}

/** Every word of the query must appear in the name, a tag, the dataset, the architecture, the status or the id. */
export function searchRuns(runs: readonly RunSummary[], query: string): RunSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...runs];
  return runs.filter((run) => {
    const haystack = [run.name, run.dataset.name, run.architectureName, run.status, `#${run.id}`, ...run.tags].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Clicking the sorted column flips it; another column starts with its natural direction. */
export function nextSort(current: RunSort, key: RunSortKey): RunSort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  const textual = key === 'name' || key === 'status' || key === 'dataset';
  return { key, direction: textual ? 'ascending' : 'descending' };
}

/** "a, b ,, c" → ["a", "b", "c"]: trimmed, de-duplicated, empty ones dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}
