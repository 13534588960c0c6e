import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presetArchitecture } from '../../../common/arch/presets.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import { peerNetwork } from './peerLayers.js';

const preset = (id: string) => presetArchitecture(id) as ArchitectureSpec;

test('mnist-baseline is resolved layer by layer with the sizes the peers need', () => {
  const network = peerNetwork(preset('mnist-baseline'));
  assert.deepEqual(network.input, { channels: 1, height: 28, width: 28 });
  assert.equal(network.numClasses, 10);
  assert.deepEqual(network.layers, [
    { kind: 'conv2d', inChannels: 1, filters: 16, kernelSize: 5, stride: 1, padding: 2 },
    { kind: 'relu' },
    { kind: 'maxPool2d', size: 2, stride: 2 },
    { kind: 'conv2d', inChannels: 16, filters: 16, kernelSize: 5, stride: 1, padding: 2 },
    { kind: 'relu' },
    { kind: 'maxPool2d', size: 2, stride: 2 },
    { kind: 'flatten' },
    { kind: 'dense', inUnits: 16 * 7 * 7, units: 10 },
  ]);
});

test('cifar-baseline keeps its hidden dense layer and its input sizes', () => {
  const dense = peerNetwork(preset('cifar-baseline')).layers.filter((layer) => layer.kind === 'dense');
  assert.deepEqual(dense, [
    { kind: 'dense', inUnits: 32 * 8 * 8, units: 20 },
    { kind: 'dense', inUnits: 20, units: 10 },
  ]);
});

test('an architecture that does not infer is refused with its name', () => {
  const broken = preset('mnist-baseline');
  broken.layers = broken.layers.filter((layer) => layer.type !== 'softmaxCrossEntropy');
  assert.throws(() => peerNetwork(broken), /mnist-baseline/);
});

test('a loss that scales its logits ends the peers’ layers with the multiply; scale 1 adds nothing', () => {
  const scaled = preset('mnist-baseline');
  scaled.layers = scaled.layers.map((layer) => (layer.type === 'softmaxCrossEntropy' ? { ...layer, logitScale: 1 / 9 } : layer));
  const layers = peerNetwork(scaled).layers;
  assert.deepEqual(layers.at(-1), { kind: 'logitScale', scale: 1 / 9 });
  assert.deepEqual(layers.slice(0, -1), peerNetwork(preset('mnist-baseline')).layers);
  const one = preset('mnist-baseline');
  one.layers = one.layers.map((layer) => (layer.type === 'softmaxCrossEntropy' ? { ...layer, logitScale: 1 } : layer));
  assert.deepEqual(peerNetwork(one), peerNetwork(preset('mnist-baseline')));
});
