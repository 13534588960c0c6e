// For tests: a complete RunSummary, so each test states only the fields it is about.

import type { RunSummary } from '../../common/runs.js';

export function runSummaryFixture(fields: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 1,
    name: 'run',
    status: 'running',
    tags: [],
    createdAt: '2025-01-01T00:00:00Z',
    finishedAt: null,
    dataset: { id: 'mnist', name: 'MNIST', classNames: [], trainCount: 100, valCount: 0, testCount: 10 },
    architectureName: 'net',
    paramCount: 10,
    epochsPlanned: 2,
    epochsCompleted: 0,
    bestValAccuracy: null,
    testAccuracy: null,
    durationMs: 0,
    error: null,
    external: null,
    ...fields,
  };
}
