import assert from 'node:assert/strict';
import test from 'node:test';
import { describeValue } from './describeValue.js';

test('a value is quoted as JSON, numbers as themselves, long values cut short', () => {
  assert.equal(describeValue(undefined), 'nothing (the field is missing)');
  assert.equal(describeValue(Number.NaN), 'NaN');
  assert.equal(describeValue(-Infinity), '-Infinity');
  assert.equal(describeValue('cover'), '"cover"');
  assert.equal(describeValue([1, 'a']), '[1,"a"]');
  assert.match(describeValue('x'.repeat(200)), /… \(202 characters\)$/);
});

test('hostile JSON with a `toString` that is not a function is described, not thrown on', () => {
  const hostile = JSON.parse('{"toString":"E;","valueOf":1}') as unknown;
  assert.throws(() => String(hostile), TypeError);
  assert.equal(describeValue(hostile), '{"toString":"E;","valueOf":1}');
});
