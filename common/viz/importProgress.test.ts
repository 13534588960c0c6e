import assert from 'node:assert/strict';
import test from 'node:test';
import { describeImportProgress } from './importProgress.js';

test('import progress reads as counts, rate and time left', () => {
  assert.equal(
    describeImportProgress({ source: '/p', phase: 'decode', done: 1200, total: 50000, skipped: 3, imagesPerSecond: 812.4, etaSeconds: 60 }),
    'decoding 1,200/50,000 images (3 skipped)  812 images/s  ETA 1 min 0 s',
  );
  assert.equal(describeImportProgress({ source: '/p', phase: 'scan', done: 4000, total: null, skipped: 0, imagesPerSecond: 0, etaSeconds: null }), 'looking for images… 4,000 files and folders so far');
});
