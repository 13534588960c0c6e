import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HISTORY_LIMIT, record, redo, startHistory, undo } from './history.js';

test('undo and redo walk back and forth through recorded states', () => {
  let history = startHistory('a');
  history = record(history, 'b');
  history = record(history, 'c');
  history = undo(history);
  assert.equal(history.present, 'b');
  history = undo(history);
  assert.equal(history.present, 'a');
  assert.equal(undo(history), history, 'nothing left to undo');
  history = redo(redo(history));
  assert.equal(history.present, 'c');
  assert.equal(redo(history), history, 'nothing left to redo');
});

test('a new edit after undo discards the redo branch', () => {
  let history = record(record(startHistory(1), 2), 3);
  history = record(undo(history), 4);
  assert.deepEqual([...history.past, history.present], [1, 2, 4]);
  assert.equal(history.future.length, 0);
});

test('consecutive edits with the same merge key are one undo step', () => {
  let history = startHistory('');
  history = record(history, '1', 'layer-a.filters');
  history = record(history, '16', 'layer-a.filters');
  history = record(history, '160', 'layer-a.filters');
  assert.equal(history.present, '160');
  assert.equal(undo(history).present, '');
  history = record(history, 'x', 'layer-b.units');
  assert.equal(undo(history).present, '160', 'a different key starts a new step');
});

test('an undo breaks a merge run so the next edit is its own step', () => {
  let history = record(record(startHistory(0), 1, 'k'), 2, 'k');
  history = record(undo(history), 5, 'k');
  assert.equal(undo(history).present, 0);
  assert.equal(history.past.length, 1);
});

test('history keeps at most HISTORY_LIMIT past states', () => {
  let history = startHistory(0);
  for (let i = 1; i <= HISTORY_LIMIT + 10; i++) history = record(history, i);
  assert.equal(history.past.length, HISTORY_LIMIT);
  assert.equal(history.past[0], 10);
});
