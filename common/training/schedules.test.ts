import assert from 'node:assert/strict';
import { test } from 'node:test';
import { learningRateAt } from './schedules.js';

const at = (epoch: number, step = 0) => ({ epoch, step, stepsPerEpoch: 100, totalEpochs: 10 });

test('constant', () => {
  assert.equal(learningRateAt(0.1, { kind: 'constant' }, at(7, 50)), 0.1);
});

test('step decay multiplies by γ every stepEpochs epochs', () => {
  const schedule = { kind: 'step' as const, stepEpochs: 3, gamma: 0.5 };
  assert.deepEqual([0, 2, 3, 5, 6, 9].map((epoch) => learningRateAt(0.08, schedule, at(epoch, 99))), [0.08, 0.08, 0.04, 0.04, 0.02, 0.01]);
});

test('cosine falls from lr to minLr along half a cosine, step by step', () => {
  const schedule = { kind: 'cosine' as const, minLr: 0.001 };
  assert.equal(learningRateAt(0.1, schedule, at(0)), 0.1);
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(5)) - (0.1 + 0.001) / 2) < 1e-15);
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(10)) - 0.001) < 1e-15);
  assert.ok(learningRateAt(0.1, schedule, at(2, 50)) < learningRateAt(0.1, schedule, at(2, 49)), 'decreases within an epoch');
});

test('warm-up then cosine: a linear climb step by step, the full rate at the end of the warm-up, minLr at the end', () => {
  const schedule = { kind: 'warmupCosine' as const, warmupEpochs: 2, minLr: 0.001 };
  // 10 epochs of 100 steps: warm-up steps 0..199 use 0.1·(s + 1)/200, then cosine over the other 800.
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(0, 0)) - 0.1 / 200) < 1e-15);
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(0, 99)) - 0.05) < 1e-15);
  assert.equal(learningRateAt(0.1, schedule, at(1, 99)), 0.1);
  assert.equal(learningRateAt(0.1, schedule, at(2, 0)), 0.1);
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(6, 0)) - (0.1 + 0.001) / 2) < 1e-15, 'half-way through the cosine');
  assert.ok(Math.abs(learningRateAt(0.1, schedule, at(10)) - 0.001) < 1e-15);
  // A fractional warm-up: half an epoch is 50 steps.
  assert.equal(learningRateAt(0.1, { ...schedule, warmupEpochs: 0.5 }, at(0, 49)), 0.1);
});

test('one-cycle matches PyTorch’s OneCycleLR at every step', () => {
  // torch.optim.lr_scheduler.OneCycleLR(max_lr=0.1, total_steps=20, pct_start=0.3,
  // div_factor=25, final_div_factor=1e4), the rate each of the 20 optimizer steps used (PyTorch 1.13).
  const pytorch = [
    0.0040000000000000036, 0.013167184270002533, 0.037167184270002526, 0.06683281572999747, 0.09083281572999748, 0.1,
    0.09874640062350874, 0.09504846320134738, 0.089091617757105, 0.0811745653949763, 0.07169430017913009,
    0.06112620219362893, 0.0500002, 0.03887419780637107, 0.028306099820869922, 0.0188258346050237, 0.010908782242895003,
    0.004951936798652629, 0.0012539993764912555, 4e-7,
  ];
  const schedule = { kind: 'oneCycle' as const, rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 };
  pytorch.forEach((expected, step) => {
    const rate = learningRateAt(0.1, schedule, { epoch: Math.floor(step / 4), step: step % 4, stepsPerEpoch: 4, totalEpochs: 5 });
    assert.ok(Math.abs(rate - expected) < 1e-15, `step ${step}: ${rate} vs ${expected}`);
  });
});

test('one-cycle on a run of one or two steps stays finite', () => {
  const schedule = { kind: 'oneCycle' as const, rampFraction: 0.3, startDivisor: 25, endDivisor: 1e4 };
  for (const totalEpochs of [1, 2]) {
    for (let epoch = 0; epoch < totalEpochs; epoch++) {
      assert.ok(Number.isFinite(learningRateAt(0.1, schedule, { epoch, step: 0, stepsPerEpoch: 1, totalEpochs })));
    }
  }
});
