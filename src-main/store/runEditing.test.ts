import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_NAME_MAX_LENGTH, TAG_MAX_LENGTH, TAGS_MAX_COUNT } from './runValidation.js';
import { RunFieldError } from './storeErrors.js';
import { newRun, openTestStore } from './testFixtures.js';

function assertFieldError(action: () => unknown, field: string, message: RegExp): void {
  assert.throws(action, (error: Error) => {
    assert.ok(error instanceof RunFieldError, `${error.name}: ${error.message}`);
    assert.equal(error.field, field);
    assert.equal(error.code, 'invalid-argument');
    assert.match(error.message, message);
    return true;
  });
}

describe('renaming a run', () => {
  const { store } = openTestStore();
  const runId = store.createRun(newRun());

  it('trims the name and returns the updated summary', () => {
    assert.equal(store.renameRun(runId, '  lr 0.05  ').name, 'lr 0.05');
    assert.equal(store.getRun(runId).name, 'lr 0.05');
  });

  it('refuses empty, too long, multi-line and non-text names, keeping the old one', () => {
    assertFieldError(() => store.renameRun(runId, '   '), 'name', /must not be empty/);
    assertFieldError(() => store.renameRun(runId, 'x'.repeat(RUN_NAME_MAX_LENGTH + 1)), 'name', /at most 200 characters \(got 201\)/);
    assertFieldError(() => store.renameRun(runId, 'two\nlines'), 'name', /line breaks/);
    assertFieldError(() => store.renameRun(runId, 42 as unknown as string), 'name', /must be text/);
    assert.equal(store.getRunSummary(runId).name, 'lr 0.05');
  });

  it('counts characters, not UTF-16 units', () => {
    assert.equal([...store.renameRun(runId, '🧠'.repeat(RUN_NAME_MAX_LENGTH)).name].length, RUN_NAME_MAX_LENGTH);
  });

  it('is also checked when a run is created', () => {
    assertFieldError(() => store.createRun(newRun({ name: '' })), 'name', /must not be empty/);
  });
});

describe('tagging a run', () => {
  const { store } = openTestStore();
  const runId = store.createRun(newRun());

  it('trims, drops blanks and case-insensitive duplicates, and keeps the order', () => {
    const summary = store.setTags(runId, [' report ', 'cifar', '', 'Report', 'baseline', 'CIFAR ']);
    assert.deepEqual(summary.tags, ['report', 'cifar', 'baseline']);
    assert.deepEqual(store.setTags(runId, ['baseline', 'report']).tags, ['baseline', 'report']);
    assert.deepEqual(store.setTags(runId, []).tags, []);
  });

  it('refuses too many, too long or non-text tags, keeping the old ones', () => {
    store.setTags(runId, ['kept']);
    const tooMany = Array.from({ length: TAGS_MAX_COUNT + 1 }, (_, index) => `tag ${index}`);
    assertFieldError(() => store.setTags(runId, tooMany), 'tags', /at most 20 tags per run \(got 21\)/);
    assertFieldError(() => store.setTags(runId, ['ok', 'y'.repeat(TAG_MAX_LENGTH + 1)]), 'tags[1]', /longer than 40 characters/);
    assertFieldError(() => store.setTags(runId, ['ok', 7 as unknown as string]), 'tags[1]', /must be text/);
    assertFieldError(() => store.setTags(runId, 'a,b' as unknown as string[]), 'tags', /must be a list/);
    assert.deepEqual(store.getRunSummary(runId).tags, ['kept']);
  });

  it('accepts exactly the limits', () => {
    const atLimit = Array.from({ length: TAGS_MAX_COUNT }, (_, index) => `${index}`.padEnd(TAG_MAX_LENGTH, 'x'));
    assert.equal(store.setTags(runId, atLimit).tags.length, TAGS_MAX_COUNT);
  });
});
