import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunFieldError, RunStateError } from './storeErrors.js';
import { completedRun, newRun, openTestStore, type Mistake } from './testFixtures.js';

// Test image i has true label i % 3.
const MISTAKES: Mistake[] = [
  [1, 0, 0.9],
  [2, 0, 0.55],
  [4, 2, 0.7],
  [5, 0, 0.6],
  [7, 0, 0.8],
  [8, 1, 0.95],
];

function indices(page: { samples: { testIndex: number }[] }): number[] {
  return page.samples.map((sample) => sample.testIndex);
}

describe('misclassified samples', () => {
  const { store } = openTestStore();
  const runId = completedRun(store, MISTAKES);

  it('come most confident first by default, with pixels as base64 CHW bytes', () => {
    const page = store.getMisclassified(runId, {});
    assert.equal(page.total, 6);
    assert.deepEqual(indices(page), [8, 1, 7, 4, 5, 2]);
    const first = page.samples[0];
    assert.deepEqual(
      { trueLabel: first.trueLabel, predictedLabel: first.predictedLabel, confidence: first.confidence },
      { trueLabel: 2, predictedLabel: 1, confidence: 0.95 },
    );
    assert.equal(first.probabilities.length, 3);
    assert.equal(first.probabilities[1], 0.95);
    assert.deepEqual({ ...first.pixels, base64: undefined }, { channels: 1, height: 2, width: 2, base64: undefined });
    assert.deepEqual([...Buffer.from(first.pixels.base64, 'base64')], [8, 1, 2, 255]);
  });

  it('sort by ascending confidence or by test index', () => {
    assert.deepEqual(indices(store.getMisclassified(runId, { sort: 'confidence-asc' })), [2, 5, 4, 7, 1, 8]);
    assert.deepEqual(indices(store.getMisclassified(runId, { sort: 'index' })), [1, 2, 4, 5, 7, 8]);
  });

  it('filter by true class, predicted class, or the pair (a confusion-matrix cell)', () => {
    const trueOne = store.getMisclassified(runId, { trueLabel: 1, sort: 'index' });
    assert.deepEqual([trueOne.total, indices(trueOne)], [3, [1, 4, 7]]);
    const predictedZero = store.getMisclassified(runId, { predictedLabel: 0, sort: 'index' });
    assert.deepEqual([predictedZero.total, indices(predictedZero)], [4, [1, 2, 5, 7]]);
    const cell = store.getMisclassified(runId, { trueLabel: 1, predictedLabel: 0 });
    assert.deepEqual([cell.total, indices(cell)], [2, [1, 7]]);
    assert.deepEqual(store.getMisclassified(runId, { trueLabel: 0, predictedLabel: 2 }), { total: 0, samples: [] });
  });

  it('page with offset and limit while the total stays the whole match', () => {
    const pages = [0, 4].map((offset) => store.getMisclassified(runId, { sort: 'index', offset, limit: 4 }));
    assert.deepEqual(pages.map(indices), [
      [1, 2, 4, 5],
      [7, 8],
    ]);
    assert.deepEqual(
      pages.map((page) => page.total),
      [6, 6],
    );
    assert.deepEqual(store.getMisclassified(runId, { offset: 6 }).samples, []);
  });

  it('name the bad field of a query', () => {
    const cases: [object, RegExp][] = [
      [{ limit: 0 }, /^query\.limit: must be a whole number from 1 to 500/],
      [{ limit: 501 }, /^query\.limit/],
      [{ offset: -1 }, /^query\.offset/],
      [{ offset: 1.5 }, /^query\.offset/],
      [{ trueLabel: 'cat' }, /^query\.trueLabel/],
      [{ sort: 'random' }, /^query\.sort: must be one of confidence-desc, confidence-asc, index/],
    ];
    for (const [query, message] of cases) {
      assert.throws(
        () => store.getMisclassified(runId, query),
        (error: Error) => error instanceof RunFieldError && message.test(error.message),
        JSON.stringify(query),
      );
    }
  });

  it('can be fetched by test index, skipping images the run got right', () => {
    assert.deepEqual(indices({ samples: store.getMisclassifiedByIndices(runId, [8, 0, 4, 3]) }), [4, 8]);
    assert.deepEqual(store.getMisclassifiedByIndices(runId, []), []);
    assert.throws(() => store.getMisclassifiedByIndices(runId, [1, -2]), /testIndices\[1\]/);
  });
});

describe('comparing two runs sample by sample', () => {
  const { store } = openTestStore();
  const baseline = completedRun(store, [
    [1, 0, 0.9],
    [2, 0, 0.55],
    [4, 2, 0.7],
  ]);
  const other = completedRun(store, [
    [2, 1, 0.6],
    [3, 1, 0.8],
    [9, 2, 0.65],
  ]);

  it('finds what one run gets right and the other wrong, both ways', () => {
    const baselineRightOtherWrong = store.getMisclassifiedOnlyBy(other, baseline, { sort: 'index' });
    assert.deepEqual([baselineRightOtherWrong.total, indices(baselineRightOtherWrong)], [2, [3, 9]]);
    assert.equal(baselineRightOtherWrong.samples[0].predictedLabel, 1, "samples carry the wrong run's prediction");
    const otherRightBaselineWrong = store.getMisclassifiedOnlyBy(baseline, other, { sort: 'index' });
    assert.deepEqual([otherRightBaselineWrong.total, indices(otherRightBaselineWrong)], [2, [1, 4]]);
  });

  it('applies the usual filters and paging to the comparison', () => {
    const page = store.getMisclassifiedOnlyBy(other, baseline, { predictedLabel: 2 });
    assert.deepEqual([page.total, indices(page)], [1, [9]]);
    assert.equal(store.getMisclassifiedOnlyBy(other, baseline, { limit: 1 }).samples.length, 1);
  });

  it('refuses runs without results or tested on a different test set', () => {
    const unfinished = store.createRun(newRun());
    assert.throws(
      () => store.getMisclassifiedOnlyBy(unfinished, baseline, {}),
      (error: Error) => error instanceof RunStateError && /no test results yet/.test(error.message),
    );
    const cifar = completedRun(store, [], { dataset: { ...newRun().dataset, id: 'cifar-10', name: 'CIFAR-10' } });
    assert.throws(() => store.getMisclassifiedOnlyBy(cifar, baseline, {}), /different test sets \(cifar-10, 12 images vs mnist/);
  });
});
