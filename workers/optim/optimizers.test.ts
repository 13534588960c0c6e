import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Param } from '../layers/layer.js';
import { Adam } from './adam.js';
import { createOptimizer } from './createOptimizer.js';
import type { Optimizer } from './optimizer.js';
import { Sgd } from './sgd.js';
import { SgdMomentum } from './sgdMomentum.js';
import { SgdPytorch } from './sgdPytorch.js';
import { decodeOptimizerState, encodeOptimizerState } from './stateCodec.js';

/** One weight and one bias (weight decay applies to the weight only). */
function weightAndBias(weight: number, bias: number): Param[] {
  return [
    { name: 'weights', shape: [1, 1], value: Float64Array.of(weight), grad: new Float64Array(1) },
    { name: 'bias', shape: [1], value: Float64Array.of(bias), grad: new Float64Array(1) },
  ];
}

function stepWith(optimizer: Optimizer, params: Param[], gradient: number, lr: number): [number, number] {
  for (const param of params) param.grad.fill(gradient);
  optimizer.step(params, lr);
  return [params[0].value[0], params[1].value[0]];
}

function close(actual: number[], expected: number[]): void {
  actual.forEach((value, k) => assert.ok(Math.abs(value - expected[k]) < 1e-12, `${k}: ${value} vs ${expected[k]}`));
}

test('SGD with momentum follows the report: m ← μ·m + (1−μ)·g, w ← w − lr·(m + λ·w)', () => {
  const params = weightAndBias(1, 1);
  const optimizer = new SgdMomentum({ momentum: 0.9, weightDecay: 0.1 });
  // μ = 0.9, λ = 0.1, lr = 0.5, gradients 1, 2, −1, worked by hand:
  // step 1: m = 0.1;                 w = 1 − 0.5·(0.1 + 0.1)      = 0.9;   b = 1 − 0.5·0.1      = 0.95
  // step 2: m = 0.09 + 0.2 = 0.29;   w = 0.9 − 0.5·(0.29 + 0.09)  = 0.71;  b = 0.95 − 0.5·0.29  = 0.805
  // step 3: m = 0.261 − 0.1 = 0.161; w = 0.71 − 0.5·(0.161 + 0.071) = 0.594; b = 0.805 − 0.5·0.161 = 0.7245
  close(stepWith(optimizer, params, 1, 0.5), [0.9, 0.95]);
  close(stepWith(optimizer, params, 2, 0.5), [0.71, 0.805]);
  close(stepWith(optimizer, params, -1, 0.5), [0.594, 0.7245]);
});

test('plain SGD: w ← w − lr·(g + λ·w)', () => {
  const params = weightAndBias(2, 2);
  close(stepWith(new Sgd({ weightDecay: 0.5 }), params, 1, 0.1), [2 - 0.1 * (1 + 0.5 * 2), 2 - 0.1 * 1]);
});

test('Adam: bias-corrected moments, decoupled weight decay', () => {
  const params = weightAndBias(1, 1);
  const adam = new Adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
  // Step 1: m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε): the sign of g.
  const [w1, b1] = stepWith(adam, params, 3, 0.1);
  close([w1, b1], [1 - 0.1 * (3 / (3 + 1e-8) + 0.01 * 1), 1 - 0.1 * (3 / (3 + 1e-8))]);
  // Step 2 with g = −1: m = 0.9·0.3 − 0.1 = 0.17, v = 0.999·0.009 + 0.001 = 0.009991.
  const mHat = 0.17 / (1 - 0.9 ** 2);
  const vHat = 0.009991 / (1 - 0.999 ** 2);
  const [w2] = stepWith(adam, params, -1, 0.1);
  close([w2], [w1 - 0.1 * (mHat / (Math.sqrt(vHat) + 1e-8) + 0.01 * w1)]);
});

test('exported state resumes bit-exactly in a new optimizer', () => {
  const makers = [
    () => new SgdMomentum({ momentum: 0.9, weightDecay: 1e-3 }),
    () => new SgdMomentum({ momentum: 0.9, weightDecay: 1e-3, nesterov: true }),
    () => new SgdPytorch({ momentum: 0.9, weightDecay: 1e-3, nesterov: true }),
    () => new Adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }),
  ];
  for (const make of makers) {
    const params = weightAndBias(0.3, -0.2);
    const first = make();
    stepWith(first, params, 0.7, 0.05);
    stepWith(first, params, -0.4, 0.05);
    const state = first.exportState();
    const copy = weightAndBias(params[0].value[0], params[1].value[0]);
    const resumed = make();
    resumed.importState(state);
    assert.deepEqual(stepWith(resumed, copy, 0.9, 0.05), stepWith(first, params, 0.9, 0.05));
    assert.equal(state.stepCount, 2);
  }
});

test('state is in the params’ precision, and a mismatched import is refused', () => {
  const params: Param[] = [{ name: 'weights', shape: [2], value: new Float32Array(2), grad: Float32Array.of(1, 1) }];
  const optimizer = new SgdMomentum({ momentum: 0.5, weightDecay: 0 });
  optimizer.step(params, 0.1);
  assert.ok(optimizer.exportState().slots.momentum instanceof Float32Array);
  assert.throws(() => new Adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }).importState(optimizer.exportState()), /cannot import the state of a sgdMomentum/);
  const other = new SgdMomentum({ momentum: 0.5, weightDecay: 0 });
  other.importState({ type: 'sgdMomentum', stepCount: 1, slots: { momentum: new Float32Array(3) } });
  assert.throws(() => other.step(params, 0.1), /covers 3 values, the params have 2/);
});

test('createOptimizer builds what the hyperparameters name', () => {
  for (const optimizer of ['sgdMomentum', 'sgd', 'adam', 'sgdPytorch'] as const) {
    assert.equal(createOptimizer({ optimizer, momentum: 0.9, weightDecay: 0 }).type, optimizer);
  }
  // Nesterov reaches the optimizer: its first step differs from the plain one's.
  const steps = [false, true].map((nesterov) => {
    const params = weightAndBias(1, 1);
    return stepWith(createOptimizer({ optimizer: 'sgdPytorch', momentum: 0.9, weightDecay: 0, nesterov }), params, 1, 0.1);
  });
  assert.notDeepEqual(steps[0], steps[1]);
});

test('the checkpoint encoding round-trips optimizer state', () => {
  const params: Param[] = [
    { name: 'weights', shape: [3], value: Float32Array.of(0.1, 0.2, 0.3), grad: Float32Array.of(1, -2, 0.5) },
    { name: 'bias', shape: [1], value: Float32Array.of(0), grad: Float32Array.of(0.25) },
  ];
  const adam = new Adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  adam.step(params, 0.01);
  const state = adam.exportState();
  const decoded = decodeOptimizerState('adam', encodeOptimizerState(state), 4);
  assert.equal(decoded.stepCount, 1);
  assert.deepEqual(Object.keys(decoded.slots), ['m', 'v']);
  for (const name of ['m', 'v']) assert.deepEqual(Array.from(decoded.slots[name]), Array.from(state.slots[name]));
  assert.throws(() => decodeOptimizerState('adam', encodeOptimizerState(state), 5), /has 8 values, expected 10/);
});

test('SGD with momentum, Nesterov: the step looks one average ahead, w ← w − lr·(μ·m + (1−μ)·g + λ·w)', () => {
  const params = weightAndBias(1, 1);
  const optimizer = new SgdMomentum({ momentum: 0.9, weightDecay: 0.1, nesterov: true });
  // μ = 0.9, λ = 0.1, lr = 0.5, gradients 1 then 2, worked by hand:
  // step 1: m = 0.1;  w = 1 − 0.5·(0.09 + 0.1 + 0.1)        = 0.855;   b = 1 − 0.5·(0.09 + 0.1)     = 0.905
  // step 2: m = 0.29; w = 0.855 − 0.5·(0.261 + 0.2 + 0.0855) = 0.58175; b = 0.905 − 0.5·(0.261 + 0.2) = 0.6745
  close(stepWith(optimizer, params, 1, 0.5), [0.855, 0.905]);
  close(stepWith(optimizer, params, 2, 0.5), [0.58175, 0.6745]);
});

test('PyTorch-style SGD matches torch.optim.SGD with and without Nesterov', () => {
  // torch.optim.SGD(lr=0.5, momentum=0.9, weight_decay=0.1 on the weight, 0 on the bias), float64,
  // gradients 1, 2, −1 (PyTorch 1.13). By hand, step 1 with Nesterov: d = 1 + 0.1·1 = 1.1, b = 1.1,
  // w = 1 − 0.5·(1.1 + 0.9·1.1) = −0.045.
  const expected = {
    plain: [[0.45, 0.5], [-1.0675, -0.95], [-1.879875, -1.755]],
    nesterov: [[-0.045, 0.05], [-2.386225, -2.255], [-2.418661125, -2.4795]],
  };
  for (const nesterov of [false, true]) {
    const params = weightAndBias(1, 1);
    const optimizer = new SgdPytorch({ momentum: 0.9, weightDecay: 0.1, nesterov });
    [1, 2, -1].forEach((gradient, step) => close(stepWith(optimizer, params, gradient, 0.5), expected[nesterov ? 'nesterov' : 'plain'][step]));
  }
});

test('adam is AdamW: it matches torch.optim.AdamW step for step', () => {
  // torch.optim.AdamW(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01 on the weight, 0 on the bias),
  // float64, gradients 3, −1, 0.5 (PyTorch 1.13).
  const expected = [
    [0.8990000003333334, 0.9000000003333333],
    [0.8580791433165765, 0.8599781433169098],
    [0.816678524042681, 0.8194356031863309],
  ];
  const params = weightAndBias(1, 1);
  const adam = new Adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
  [3, -1, 0.5].forEach((gradient, step) => close(stepWith(adam, params, gradient, 0.1), expected[step]));
});

/** A batch norm's scale and shift beside a weight: what airbench's per-parameter rates act on. */
function batchNormParams(): Param[] {
  return [
    { name: 'weights', shape: [2], value: Float32Array.of(0.5, -0.25), grad: new Float32Array(2) },
    { name: 'scale', shape: [2], value: Float32Array.of(1, 1), grad: new Float32Array(2) },
    { name: 'shift', shape: [2], value: Float32Array.of(0, 0), grad: new Float32Array(2) },
  ];
}

const EVERY_OPTIMIZER = [
  { optimizer: 'sgdMomentum', nesterov: false },
  { optimizer: 'sgdMomentum', nesterov: true },
  { optimizer: 'sgdPytorch', nesterov: true },
  { optimizer: 'sgd', nesterov: false },
  { optimizer: 'adam', nesterov: false },
] as const;

test('a frozen batch norm scale stays 1 through every optimizer while the shift and weights move as without the option', () => {
  for (const { optimizer, nesterov } of EVERY_OPTIMIZER) {
    const run = (freezeBatchNormScale: boolean) => {
      const params = batchNormParams();
      const engine = createOptimizer({ optimizer, momentum: 0.9, weightDecay: 0.01, nesterov, freezeBatchNormScale });
      for (const g of [[0.3, -1.2], [-0.7, 0.4], [0.1, 0.9]]) {
        for (const param of params) param.grad.set(g);
        engine.step(params, 0.05);
      }
      return { params, state: engine.exportState() };
    };
    const frozen = run(true);
    const trained = run(false);
    const label = `${optimizer}${nesterov ? ' (Nesterov)' : ''}`;
    assert.deepEqual(Array.from(frozen.params[1].value), [1, 1], `${label}: the scale`);
    assert.notDeepEqual(Array.from(trained.params[1].value), [1, 1], `${label}: without the option the scale moves`);
    assert.deepEqual(frozen.params[0].value, trained.params[0].value, `${label}: the weights`);
    assert.deepEqual(frozen.params[2].value, trained.params[2].value, `${label}: the shift`);
    // The state keeps its layout (a checkpoint reads the same either way); the scale's slots stay untouched.
    for (const [name, slot] of Object.entries(frozen.state.slots)) {
      assert.equal(slot.length, trained.state.slots[name].length, `${label}: ${name}`);
      assert.deepEqual(Array.from(slot.subarray(2, 4)), [0, 0], `${label}: ${name} of the scale`);
    }
  }
});

test('the shift steps exactly the factor times its step without it, in every optimizer; other parameters as before', () => {
  for (const { optimizer, nesterov } of EVERY_OPTIMIZER) {
    const oneStep = (shiftLearningRateFactor?: number) => {
      const params = batchNormParams();
      for (const param of params) param.grad.set([0.3, -1.2]);
      createOptimizer({ optimizer, momentum: 0.9, weightDecay: 0.01, nesterov, shiftLearningRateFactor }).step(params, 0.05);
      return params;
    };
    const plain = oneStep();
    const label = `${optimizer}${nesterov ? ' (Nesterov)' : ''}`;
    // The shift starts at 0, so its value is its step; 64 is a power of two, so the product is exact.
    const scaled = oneStep(64);
    assert.deepEqual(Array.from(scaled[2].value), Array.from(plain[2].value, (step) => Math.fround(64 * step)), label);
    assert.notDeepEqual(Array.from(scaled[2].value), [0, 0], label);
    assert.deepEqual(scaled[0].value, plain[0].value, `${label}: the weights`);
    assert.deepEqual(scaled[1].value, plain[1].value, `${label}: the scale`);
    assert.deepEqual(oneStep(1).map((p) => p.value), plain.map((p) => p.value), `${label}: a factor of 1 is the absent option`);
    assert.deepEqual(Array.from(oneStep(0)[2].value), [0, 0], `${label}: a factor of 0 holds the shift`);
  }
});
