// Training settings found by machine: each preset's recipe with fields
// replaced by random JSON (wrong types, huge or non-finite numbers, objects
// with `__proto__` keys), or missing. The checks must never throw, must name
// every field they refuse, and must accept the untouched recipes.
// Replay with CNN_WORKBENCH_PROPERTY_SEED.

import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { PRESETS } from './arch/presets.js';
import { findAugmentationIssues, findHyperparameterIssues } from './hyperparameters.js';
import type { Hyperparameters } from './runs.js';

function settings(t: test.TestContext, numRuns: number): fc.Parameters<unknown> {
  const given = process.env.CNN_WORKBENCH_PROPERTY_SEED;
  const seed = given ? Number(given) | 0 : (Math.random() * 2 ** 31) | 0;
  t.diagnostic(`fast-check seed ${seed} (replay with CNN_WORKBENCH_PROPERTY_SEED=${seed})`);
  return { seed, numRuns, endOnFailure: true };
}

const FIELDS = [
  'epochs', 'batchSize', 'learningRate', 'optimizer', 'momentum', 'weightDecay', 'schedule', 'seed', 'valSplit', 'trainLimit',
  'testLimit', 'workers', 'nesterov', 'labelSmoothing', 'augmentation', 'emaDecay', 'testTimeFlip',
  'testTimeShift',
] as const;

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324, -0, 2 ** 32, 1e9 + 1, -1, 0, 4096, 4097, 0.999999, 1),
  fc.constant(undefined),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"kind":"step"}') as unknown),
  fc.record({ kind: fc.constantFrom('constant', 'step', 'cosine', 'warmupCosine', 'oneCycle', 'constructor', '__proto__'), stepEpochs: fc.jsonValue({ maxDepth: 1 }), gamma: fc.double(), minLr: fc.double(), warmupEpochs: fc.double(), rampFraction: fc.double(), startDivisor: fc.double(), endDivisor: fc.double() }, { requiredKeys: ['kind'] }),
  fc.record({ cropPadding: fc.jsonValue({ maxDepth: 1 }), horizontalFlip: fc.jsonValue({ maxDepth: 1 }), cutoutSize: fc.jsonValue({ maxDepth: 1 }) }),
);

test('every preset recipe is accepted as it is', () => {
  for (const preset of PRESETS) assert.deepEqual(findHyperparameterIssues(preset.recipe as Hyperparameters), [], preset.id);
});

test('recipes with hostile fields never make the checks throw, and every refusal names a field', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...PRESETS), fc.dictionary(fc.constantFrom(...FIELDS), hostile, { maxKeys: 4 }), (preset, changes) => {
      // Through JSON text, as every carrier delivers them (no null-prototype objects, `__proto__` as an own key).
      const delivered = JSON.parse(JSON.stringify(changes)) as Record<string, unknown>;
      const h = { ...preset.recipe, ...delivered } as unknown as Hyperparameters;
      const issues = findHyperparameterIssues(h);
      for (const issue of issues) {
        assert.ok(typeof issue.field === 'string' && issue.message.length > 0 && issue.message.length < 5_000, JSON.stringify(issue).slice(0, 300));
      }
      if (Object.keys(changes).length === 0) assert.deepEqual(issues, []);
      if (issues.length === 0) {
        // Accepted: then the size checks against an image must hold up too.
        assert.doesNotThrow(() => findAugmentationIssues(h.augmentation, { height: 28, width: 28 }, h.testTimeShift));
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }),
    settings(t, 600),
  );
});
