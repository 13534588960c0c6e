// The loss layer's logitScale field: validation naming it, files without it
// unchanged, and how it reads.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArchitecture } from '../analyze.js';
import { PRESETS } from '../presets.js';
import { ArchitectureValidationError, findValidationIssues, validateArchitecture } from '../validate.js';
import type { ArchitectureSpec } from '../spec.js';
import { logitScaleOf, softmaxCrossEntropy } from './softmaxCrossEntropy.js';

const base = PRESETS[0].architecture;
const lossIndex = base.layers.length - 1;

function withLoss(loss: Record<string, unknown>): unknown {
  return { ...base, layers: [...base.layers.slice(0, -1), { type: 'softmaxCrossEntropy', ...loss }] };
}

test('a logit scale of 0, below 0, above 100 or not a number is refused naming the layer and the field', () => {
  for (const bad of [0, -0.5, 100.5, '1/9', null, true]) {
    const issues = findValidationIssues(withLoss({ logitScale: bad }));
    assert.equal(issues.length, 1, `logitScale ${JSON.stringify(bad)}`);
    assert.equal(issues[0].path, `layers[${lossIndex}].logitScale`);
    assert.equal(issues[0].layerIndex, lossIndex);
    assert.match(issues[0].message, /^logit scale must be a number above 0, at most 100, got /);
  }
  assert.throws(() => validateArchitecture(withLoss({ logitScale: 0 }), 'airbench.json'), (error: Error) => {
    assert.ok(error instanceof ArchitectureValidationError);
    assert.match(error.message, /^airbench\.json: invalid architecture: layers\[\d+\]\.logitScale: logit scale must be a number above 0, at most 100, got 0/);
    return true;
  });
});

test('a logit scale in (0, 100] is accepted; a file without it loads unchanged and means 1', () => {
  for (const good of [1e-6, 1 / 9, 1, 100]) assert.deepEqual(findValidationIssues(withLoss({ logitScale: good })), []);
  const text = JSON.stringify(base);
  const loaded = validateArchitecture(JSON.parse(text));
  assert.equal(JSON.stringify(loaded), text);
  assert.equal(logitScaleOf({ type: 'softmaxCrossEntropy' }), 1);
  assert.equal(logitScaleOf({ type: 'softmaxCrossEntropy', logitScale: 0.25 }), 0.25);
});

test('describe() names the scale only when it is not 1; the shapes and parameters do not change', () => {
  assert.equal(softmaxCrossEntropy.describe({ type: 'softmaxCrossEntropy' }), 'softmax cross-entropy');
  assert.equal(softmaxCrossEntropy.describe({ type: 'softmaxCrossEntropy', logitScale: 1 }), 'softmax cross-entropy');
  assert.equal(softmaxCrossEntropy.describe({ type: 'softmaxCrossEntropy', logitScale: 1 / 9 }), 'softmax cross-entropy of logits × 0.111111');
  const plain = analyzeArchitecture(base, { numClasses: 10 });
  const scaled = analyzeArchitecture(withLoss({ logitScale: 1 / 9 }) as ArchitectureSpec, { numClasses: 10 });
  assert.ok(scaled.valid);
  assert.deepEqual(
    scaled.layers.map((layer) => [layer.outShape, layer.params]),
    plain.layers.map((layer) => [layer.outShape, layer.params]),
  );
});
