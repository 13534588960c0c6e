import assert from 'node:assert/strict';
import { test } from 'node:test';
import { residentBreakdown } from './processMemory.js';

test('the breakdown of resident memory adds up to the process RSS (Linux), or is null', { skip: process.platform !== 'linux' }, () => {
  const breakdown = residentBreakdown();
  assert.ok(breakdown);
  const rss = process.memoryUsage().rss;
  const total = breakdown.arenaBytes + breakdown.mainHeapBytes + breakdown.otherAnonymousBytes + breakdown.fileBytes;
  assert.ok(Math.abs(total - rss) < 0.1 * rss, `${total} bytes in mappings, ${rss} resident`);
  assert.ok(breakdown.mainHeapBytes > 0 && breakdown.fileBytes > 0);
});
