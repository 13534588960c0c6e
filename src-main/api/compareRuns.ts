// Compare two or more runs: the first is the baseline, every other run is
// paired with it (accuracy and per-class recall deltas, confusion difference,
// and the test images one gets right and the other wrong).

import { ApiError, DISAGREEMENT_PAGE, type RunComparison } from '../../common/api/contract.js';
import type { MisclassifiedPage, RunDetail } from '../../common/runs.js';
import type { RunStore } from '../store/runStore.js';

const SAMPLE_PAGE = { ...DISAGREEMENT_PAGE, offset: 0 };
const EMPTY_PAGE: MisclassifiedPage = { total: 0, samples: [] };

export function compareRuns(store: RunStore, runIds: number[]): RunComparison {
  if (!Array.isArray(runIds) || runIds.length < 2 || runIds.length > 8) {
    throw new ApiError('invalid-argument', 'compare needs between 2 and 8 run ids');
  }
  if (new Set(runIds).size !== runIds.length) throw new ApiError('invalid-argument', 'compare: a run id appears twice');
  const runs = runIds.map((id) => store.getRun(id));
  const [baseline, ...others] = runs;
  return { runs, pairs: others.map((other) => comparePair(store, baseline, other)) };
}

function comparePair(store: RunStore, baseline: RunDetail, other: RunDetail): RunComparison['pairs'][number] {
  const base = { baselineId: baseline.id, otherId: other.id };
  const a = baseline.results;
  const b = other.results;
  if (!a || !b) {
    const unfinished = !a ? baseline : other;
    return {
      ...base,
      recallDelta: [],
      confusionDelta: [],
      baselineRightOtherWrong: EMPTY_PAGE,
      otherRightBaselineWrong: EMPTY_PAGE,
      sampleComparisonError: `run ${unfinished.id} "${unfinished.name}" has no test results yet (${unfinished.status})`,
    };
  }
  const sameClasses = a.confusion.classNames.join('\u0000') === b.confusion.classNames.join('\u0000');
  const recallDelta = sameClasses ? b.perClass.map((row, i) => row.recall - a.perClass[i].recall) : [];
  const confusionDelta = sameClasses ? b.confusion.counts.map((row, i) => row.map((count, j) => count - a.confusion.counts[i][j])) : [];
  const sameTestSet = baseline.dataset.id === other.dataset.id && baseline.dataset.testCount === other.dataset.testCount;
  if (!sameTestSet) {
    return {
      ...base,
      recallDelta,
      confusionDelta,
      baselineRightOtherWrong: EMPTY_PAGE,
      otherRightBaselineWrong: EMPTY_PAGE,
      sampleComparisonError: `the runs were tested on different test sets (${baseline.dataset.name}, ${baseline.dataset.testCount} images vs ${other.dataset.name}, ${other.dataset.testCount} images)`,
    };
  }
  return {
    ...base,
    recallDelta,
    confusionDelta,
    baselineRightOtherWrong: store.getMisclassifiedOnlyBy(other.id, baseline.id, SAMPLE_PAGE),
    otherRightBaselineWrong: store.getMisclassifiedOnlyBy(baseline.id, other.id, SAMPLE_PAGE),
    sampleComparisonError: null,
  };
}
