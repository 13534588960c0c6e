import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRESETS } from '../../../common/arch/presets.js';
import { plannedRuns, sweepAxes, targetOptions } from './sweepForm.js';

test('every swept setting and every numeric layer field is offered', () => {
  const options = targetOptions(PRESETS[0].architecture).map((o) => o.value);
  assert.ok(options.includes('hp:learningRate') && options.includes('schedule') && options.includes('hp:seed'));
  const conv = PRESETS[0].architecture.layers.findIndex((l) => l.type === 'conv2d');
  assert.ok(options.includes(`layer:${conv}:filters`));
});

test('typed rows become axes, and the grid size is the product of the value counts', () => {
  const rows = [
    { target: 'hp:learningRate', values: '0.1, 0.01' },
    { target: 'layer:0:filters', values: '8 16 32' },
    { target: 'schedule', values: 'constant cosine' },
  ];
  assert.deepEqual(sweepAxes(rows)[1], { target: { kind: 'layer', layerIndex: 0, field: 'filters' }, values: [8, 16, 32] });
  assert.deepEqual(sweepAxes(rows)[2].values, ['constant', 'cosine']);
  assert.equal(plannedRuns(rows, 'grid', 0), 12);
  assert.equal(plannedRuns(rows, 'random', 5), 5);
  assert.equal(plannedRuns([], 'grid', 5), 0);
});
