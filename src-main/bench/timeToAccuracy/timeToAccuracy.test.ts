import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPreset } from '../../../common/arch/presets.js';
import { peerNetwork } from '../engines/peerLayers.js';
import { settingsPytorchLacks } from './pytorchEngine.js';
import { ACCURACY_TARGETS, secondsToTarget } from './targets.js';
import { renderResults } from './timeToAccuracyCommand.js';

const epochs = [
  { epoch: 1, seconds: 40, testAccuracy: 0.981 },
  { epoch: 2, seconds: 81, testAccuracy: 0.9905 },
  { epoch: 3, seconds: 120, testAccuracy: 0.993 },
];

test('the time to a target is the wall clock of the first epoch that reaches it', () => {
  assert.equal(secondsToTarget(epochs, 0.99), 81);
  assert.equal(secondsToTarget(epochs, 0.981), 40);
  assert.equal(secondsToTarget(epochs, 0.995), null);
});

test('every target names a preset the peers can build, with its recipe', () => {
  for (const target of ACCURACY_TARGETS) {
    const preset = findPreset(target.preset);
    assert.ok(preset, target.preset);
    assert.equal(preset.datasetId, target.datasetId);
    assert.ok(peerNetwork(preset.architecture).layers.some((layer) => layer.kind === 'batchNorm'));
    assert.deepEqual(settingsPytorchLacks(preset.recipe, preset.architecture), [], `${target.preset}: PyTorch runs the same recipe`);
  }
});

test('a recipe the PyTorch peer would not reproduce is named, field by field', () => {
  const recipe = { ...findPreset('cifar-wide')!.recipe, augmentation: { cropPadding: 2, horizontalFlip: true, cutoutSize: 0 } };
  assert.deepEqual(settingsPytorchLacks(recipe), ['testTimeShift (shifted test views)']);
  assert.deepEqual(settingsPytorchLacks({ ...recipe, testTimeShift: 0, emaDecay: 0.99 }), ['emaDecay (a moving average of the weights)']);
  // airbench's initialisation and optimizer recipes it reproduces.
  const airbench = { identityInit: true, freezeBatchNormScale: true, shiftLearningRateFactor: 64, lookahead: true };
  assert.deepEqual(settingsPytorchLacks({ ...recipe, testTimeShift: 0, ...airbench }), []);
  // The alternating flip and reflected crops it does reproduce.
  assert.deepEqual(settingsPytorchLacks({ ...recipe, testTimeShift: 0, augmentation: { ...recipe.augmentation, alternatingFlip: true, cropPaddingMode: 'reflect' as const } }), []);
});

test('a network starting with patch whitening is refused naming the layer: the peer cannot compute its filters from the data', () => {
  const preset = findPreset('cifar-wide')!;
  assert.equal(preset.architecture.layers[0].type, 'patchWhitening');
  assert.deepEqual(settingsPytorchLacks({ ...preset.recipe, testTimeShift: 0 }, preset.architecture), ['layer 1 (patchWhitening: filters computed from the training images)']);
  // The speed benches' peers run it as a convolution of the same size with frozen filters.
  assert.deepEqual(peerNetwork(preset.architecture).layers[0], { kind: 'conv2d', inChannels: 3, filters: 24, kernelSize: 2, stride: 1, padding: 0, fixedWeights: true });
});

test('the table gives each engine’s time and PyTorch’s as a multiple of ours, or the best accuracy when not reached', () => {
  const text = renderResults([
    {
      preset: 'mnist-best',
      target: 0.99,
      races: [
        { engine: 'cnn-workbench', description: '', epochs, secondsToTarget: 81 },
        { engine: 'pytorch', description: '', epochs: [{ epoch: 1, seconds: 200, testAccuracy: 0.985 }], secondsToTarget: null },
      ],
    },
  ]);
  assert.match(text, /mnist-best to 99%: cnn-workbench +81 s after 3 epochs/);
  assert.match(text, /pytorch +not reached \(best 98\.50%\) after 1 epochs/);
});
