import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../common/api/contract.js';
import { readableError } from './errors.js';

test('API errors keep their message and get advice matching their code', () => {
  const readable = readableError(new ApiError('not-found', 'run 7 does not exist'));
  assert.equal(readable.message, 'Run 7 does not exist.');
  assert.match(readable.hint, /deleted/);
});

test('errors that crossed a carrier as plain objects are recognised by their code', () => {
  const readable = readableError({ code: 'invalid-argument', message: 'epochs must be an integer from 1 to 1000, got 0' });
  assert.equal(readable.title, 'The request was not accepted');
  assert.match(readable.message, /^Epochs must/);
});

test('connection failures say how to get the service back', () => {
  const readable = readableError(new Error('WebSocket closed before the reply arrived'));
  assert.match(readable.hint, /still running/);
});

test('a caller-given context becomes the title; unknown throws still produce a sentence', () => {
  const readable = readableError(42, 'Could not load the runs');
  assert.equal(readable.title, 'Could not load the runs');
  assert.equal(readable.message, 'An unexpected error occurred.');
});

test('file names and field paths at the start of a message keep their case', () => {
  assert.equal(readableError(new Error('broken.json: invalid architecture')).message, 'broken.json: invalid architecture.');
  assert.equal(readableError(new Error('layers[0].filters: must be an integer')).message, 'layers[0].filters: must be an integer.');
  assert.equal(readableError(new Error('path /tmp/x does not exist')).message, 'Path /tmp/x does not exist.');
});

test('a file name with a hyphen or underscore keeps its case too', () => {
  assert.equal(readableError(new Error('bad-syntax.json: not valid JSON')).message, 'bad-syntax.json: not valid JSON.');
  assert.equal(readableError(new Error('my_net.json is not an architecture')).message, 'my_net.json is not an architecture.');
});
