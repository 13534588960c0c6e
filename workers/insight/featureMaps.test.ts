import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../common/arch/presets.js';
import { inferShapes } from '../../common/arch/shapes.js';
import { MAX_MAPS_PER_LAYER } from '../../common/insight.js';
import { decodeBase64 } from '../../common/viz/pixels.js';
import { createReferenceBackend } from '../kernels/reference/index.js';
import { buildNetwork } from '../network.js';
import { encodeBase64, extractFeatureMaps } from './featureMaps.js';
import { buildInspectionNetwork } from './inspectionNetwork.js';
import { smallNetworkAndImage } from './insightFixture.js';

test('one entry per layer before the loss, shaped as shape inference says, every map scaled 0..255', () => {
  for (const preset of PRESETS.filter((p) => ['mnist-baseline', 'cifar-fast'].includes(p.id))) {
    const backend = createReferenceBackend('float32');
    const architecture = preset.architecture;
    const weights = buildNetwork(architecture, { backend, maxBatch: 1, seed: 2, numClasses: 10 }).getWeights();
    const net = buildInspectionNetwork({ architecture, numClasses: 10, weights, backend, maxBatch: 1 });
    const x = backend.createBuffer(net.inputSize);
    for (let k = 0; k < x.length; k++) x[k] = Math.sin(k);
    net.forward(x, 1, false);
    const layers = extractFeatureMaps(net);
    const shapes = inferShapes(architecture, { numClasses: 10 }).layers.slice(0, -1);
    assert.equal(layers.length, shapes.length, preset.id);
    layers.forEach((layer, i) => {
      const out = shapes[i].outShape;
      const expected = out.kind === 'map' ? [out.channels, out.height, out.width] : [out.units, 1, 1];
      assert.deepEqual([layer.index, layer.type, layer.channels, layer.height, layer.width], [i, shapes[i].type, ...expected], `${preset.id} ${layer.name}`);
      const bytes = decodeBase64(layer.base64);
      const vector = out.kind === 'vector';
      assert.equal(layer.shown, vector ? layer.channels : Math.min(layer.channels, MAX_MAPS_PER_LAYER));
      assert.equal(bytes.length, vector ? layer.channels : layer.shown * layer.height * layer.width);
      assert.equal(layer.minimum.length, vector ? 1 : layer.shown);
      layer.minimum.forEach((low, m) => assert.ok(low <= layer.maximum[m]));
    });
  }
});

test('the bytes are the activations rescaled per map, and a convolution followed by ReLU keeps its own output', () => {
  const { net, x } = smallNetworkAndImage();
  net.forward(x, 1, false);
  const [conv, , relu] = extractFeatureMaps(net);
  assert.equal(conv.name, 'conv2d#0');
  const convBytes = decodeBase64(conv.base64);
  const area = 36;
  for (let m = 0; m < 3; m++) {
    const values = Array.from(net.layers[0].output.subarray(m * area, (m + 1) * area));
    assert.equal(conv.minimum[m], Math.min(...values));
    assert.equal(conv.maximum[m], Math.max(...values));
    const k = values.indexOf(conv.maximum[m]);
    assert.equal(convBytes[m * area + k], 255);
  }
  assert.ok(conv.minimum.some((low) => low < 0), 'pre-activation values are negative somewhere');
  assert.ok(relu.minimum.every((low) => low >= 0));
});

test('base64 of more than one slice of bytes round-trips', () => {
  const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 7) & 255);
  assert.deepEqual(decodeBase64(encodeBase64(bytes)), bytes);
});
