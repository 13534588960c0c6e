import assert from 'node:assert/strict';
import test from 'node:test';
import { epochOrder, fixedValidationSplit, splitValidation } from './dataSplit.js';

function labelsOf(count: number, classes: number): Uint8Array {
  // Unbalanced on purpose: class c appears (c + 1) times as often as class 0.
  const labels: number[] = [];
  for (let c = 0; labels.length < count; c = (c + 1) % classes) for (let k = 0; k <= c && labels.length < count; k++) labels.push(c);
  return Uint8Array.from(labels);
}

function assertPartition(count: number, split: { train: Uint32Array; validation: Uint32Array }): void {
  const all = [...split.train, ...split.validation].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: count }, (_, i) => i), 'train and validation partition 0..count-1');
  for (const part of [split.train, split.validation]) {
    assert.ok(part.every((v, i) => i === 0 || v > part[i - 1]), 'ascending');
  }
}

test('the validation split is a seeded partition of the requested size', () => {
  const split = splitValidation(1000, { fraction: 0.1, seed: 7 });
  assertPartition(1000, split);
  assert.equal(split.validation.length, 100);
  assert.deepEqual(splitValidation(1000, { fraction: 0.1, seed: 7 }), split, 'same seed, same split');
  assert.notDeepEqual(splitValidation(1000, { fraction: 0.1, seed: 8 }).validation, split.validation);
});

test('a stratified split holds out the same share of every class', () => {
  const labels = labelsOf(1100, 10);
  const split = splitValidation(labels.length, { fraction: 0.2, seed: 3, labels });
  assertPartition(labels.length, split);
  for (let c = 0; c < 10; c++) {
    const inClass = labels.filter((l) => l === c).length;
    const held = [...split.validation].filter((i) => labels[i] === c).length;
    assert.equal(held, Math.round(0.2 * inClass), `class ${c}`);
  }
  assert.deepEqual(splitValidation(labels.length, { fraction: 0.2, seed: 3, labels }), split);
});

test('fraction 0 trains on everything; fractions outside [0, 1) are refused', () => {
  const split = splitValidation(5, { fraction: 0, seed: 1 });
  assert.deepEqual([...split.train], [0, 1, 2, 3, 4]);
  assert.equal(split.validation.length, 0);
  assert.throws(() => splitValidation(5, { fraction: 1, seed: 1 }), /validation fraction 1 is not in \[0, 1\)/);
  assert.throws(() => splitValidation(5, { fraction: NaN, seed: 1 }), RangeError);
  assert.throws(() => splitValidation(5, { fraction: 0.5, seed: 1, labels: new Uint8Array(3) }), /3 labels for 5 images/);
});

test('each epoch gets its own seeded order of the same indices, leaving the input untouched', () => {
  const indices = Uint32Array.from({ length: 200 }, (_, i) => i * 3);
  const epoch0 = epochOrder(indices, 42, 0);
  const epoch1 = epochOrder(indices, 42, 1);
  assert.deepEqual([...epoch0].sort((a, b) => a - b), [...indices]);
  assert.deepEqual(epochOrder(indices, 42, 0), epoch0, 'reproducible');
  assert.notDeepEqual(epoch0, epoch1, 'epochs differ');
  assert.notDeepEqual(epoch0, epochOrder(indices, 43, 0), 'seeds differ');
  assert.notDeepEqual(epoch0, indices, 'actually shuffled');
  assert.equal(indices[1], 3, 'input not shuffled in place');
});

test('a fixed validation split holds out exactly the given images and trains on the rest', () => {
  const split = fixedValidationSplit(6, Uint32Array.from([1, 4]));
  assert.deepEqual(Array.from(split.train), [0, 2, 3, 5]);
  assert.deepEqual(Array.from(split.validation), [1, 4]);
  assert.throws(() => fixedValidationSplit(3, Uint32Array.from([3])), /validation index 3 is outside 3 images/);
});
