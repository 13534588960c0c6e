// Messages people read: no "NaN", no type names, no "nothing" where a field is missing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findValidationIssues } from './arch/validate.js';
import { PRESETS } from './arch/presets.js';
import { findHyperparameterIssues } from './hyperparameters.js';

test('an empty or non-numeric training setting is said so, not printed as NaN', () => {
  const [issue] = findHyperparameterIssues({ ...PRESETS[0].recipe, learningRate: Number.NaN });
  assert.equal(issue.field, 'learningRate');
  assert.equal(issue.message, 'learning rate must be a number above 0 and at most 10, but it is empty or not a number');
  assert.doesNotMatch(findHyperparameterIssues({ ...PRESETS[0].recipe, epochs: 0 })[0].message, /NaN|empty/);
});

test('a missing or wrong architecture version and an unknown layer type read as sentences', () => {
  const { version: _version, ...withoutVersion } = PRESETS[0].architecture;
  const [missing] = findValidationIssues(withoutVersion);
  assert.equal(missing.message, 'is missing; this app reads version 1 (add "version": 1)');
  const [wrong] = findValidationIssues({ ...PRESETS[0].architecture, version: 'two' });
  assert.equal(wrong.message, '"two" is not a version this app reads; it reads version 1');
  const [unknown] = findValidationIssues({ ...PRESETS[0].architecture, layers: [{ type: 'lstm' }] });
  assert.doesNotMatch(unknown.message, /the string/);
  assert.match(unknown.message, /layer type "lstm" is not one this app knows/);
});
