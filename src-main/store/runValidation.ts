// Checks on what people type and what the UI sends: run names, tags and the
// query objects. Each failure names the field so the UI can show it there.

import type { RunListQuery } from '../../common/api/contract.js';
import { RUN_STATUSES, type MisclassifiedQuery, type RunStatus } from '../../common/runs.js';
import { RunFieldError } from './storeErrors.js';

export const RUN_NAME_MAX_LENGTH = 200;
export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX_COUNT = 20;
export const MISCLASSIFIED_PAGE_DEFAULT = 60;
export const MISCLASSIFIED_PAGE_MAX = 500;
export const INDICES_MAX_COUNT = 1000;

const MISCLASSIFIED_SORTS = ['confidence-desc', 'confidence-asc', 'index'] as const;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Length in characters as people count them (code points, not UTF-16 units). */
function characterCount(text: string): number {
  return [...text].length;
}

export function validRunId(runId: unknown, field = 'runId'): number {
  if (typeof runId !== 'number' || !Number.isSafeInteger(runId) || runId < 1) {
    throw new RunFieldError(field, `must be a positive whole number, got ${JSON.stringify(runId)}`);
  }
  return runId;
}

export function validRunName(name: unknown): string {
  if (typeof name !== 'string') throw new RunFieldError('name', 'must be text');
  const trimmed = name.trim();
  if (trimmed === '') throw new RunFieldError('name', 'must not be empty');
  if (characterCount(trimmed) > RUN_NAME_MAX_LENGTH) {
    throw new RunFieldError('name', `must be at most ${RUN_NAME_MAX_LENGTH} characters (got ${characterCount(trimmed)})`);
  }
  if (CONTROL_CHARACTERS.test(trimmed)) throw new RunFieldError('name', 'must not contain line breaks or control characters');
  return trimmed;
}

/** Trims, drops blank tags (a trailing comma in the tag box) and duplicates ignoring case, keeping the first spelling. */
export function validTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new RunFieldError('tags', 'must be a list of text tags');
  const kept: string[] = [];
  const seen = new Set<string>();
  tags.forEach((tag: unknown, index) => {
    const field = `tags[${index}]`;
    if (typeof tag !== 'string') throw new RunFieldError(field, 'must be text');
    const trimmed = tag.trim();
    if (trimmed === '') return;
    if (characterCount(trimmed) > TAG_MAX_LENGTH) {
      throw new RunFieldError(field, `"${trimmed.slice(0, 20)}…" is longer than ${TAG_MAX_LENGTH} characters`);
    }
    if (CONTROL_CHARACTERS.test(trimmed)) throw new RunFieldError(field, 'must not contain line breaks or control characters');
    const key = trimmed.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    kept.push(trimmed);
  });
  if (kept.length > TAGS_MAX_COUNT) {
    throw new RunFieldError('tags', `at most ${TAGS_MAX_COUNT} tags per run (got ${kept.length})`);
  }
  return kept;
}

export interface ListFilter {
  status: RunStatus | null;
  tag: string | null;
  /** A LIKE pattern with `\` as the escape character, or null for no search. */
  pattern: string | null;
}

/** Makes `%`, `_` and `\` in the search text match themselves. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export function validListQuery(query: RunListQuery | undefined): ListFilter {
  const { search, status, tag } = query ?? {};
  if (status !== undefined && !RUN_STATUSES.includes(status)) {
    throw new RunFieldError('query.status', `must be one of ${RUN_STATUSES.join(', ')}`);
  }
  if (search !== undefined && typeof search !== 'string') throw new RunFieldError('query.search', 'must be text');
  if (tag !== undefined && typeof tag !== 'string') throw new RunFieldError('query.tag', 'must be text');
  const trimmedSearch = search?.trim() ?? '';
  const trimmedTag = tag?.trim() ?? '';
  return {
    status: status ?? null,
    tag: trimmedTag === '' ? null : trimmedTag,
    pattern: trimmedSearch === '' ? null : likePattern(trimmedSearch),
  };
}

export interface MisclassifiedFilter {
  trueLabel: number | null;
  predictedLabel: number | null;
  sort: (typeof MISCLASSIFIED_SORTS)[number];
  offset: number;
  limit: number;
}

function wholeNumber(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RunFieldError(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalWholeNumber(value: unknown, field: string, min: number, max?: number): number | null {
  return value === undefined || value === null ? null : wholeNumber(value, field, min, max);
}

export function validMisclassifiedQuery(query: MisclassifiedQuery | undefined): MisclassifiedFilter {
  const given = query ?? {};
  const sort = given.sort ?? 'confidence-desc';
  if (!MISCLASSIFIED_SORTS.includes(sort)) {
    throw new RunFieldError('query.sort', `must be one of ${MISCLASSIFIED_SORTS.join(', ')}`);
  }
  return {
    trueLabel: optionalWholeNumber(given.trueLabel, 'query.trueLabel', 0),
    predictedLabel: optionalWholeNumber(given.predictedLabel, 'query.predictedLabel', 0),
    sort,
    offset: optionalWholeNumber(given.offset, 'query.offset', 0) ?? 0,
    limit: optionalWholeNumber(given.limit, 'query.limit', 1, MISCLASSIFIED_PAGE_MAX) ?? MISCLASSIFIED_PAGE_DEFAULT,
  };
}

export function validTestIndices(testIndices: unknown): number[] {
  if (!Array.isArray(testIndices)) throw new RunFieldError('testIndices', 'must be a list of test image indices');
  if (testIndices.length > INDICES_MAX_COUNT) {
    throw new RunFieldError('testIndices', `at most ${INDICES_MAX_COUNT} indices per request (got ${testIndices.length})`);
  }
  return testIndices.map((index: unknown, position) => wholeNumber(index, `testIndices[${position}]`, 0));
}
