import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArchitecture } from '../../common/arch/analyze.js';
import { presetArchitecture } from '../../common/arch/presets.js';
import { setLayerField } from '../state/architectureEdits.js';
import { describeArchitectureError, messageWithoutPath } from './layerText.js';

test('a validation error is described by layer number and title, without the JSON path', () => {
  const spec = setLayerField(presetArchitecture('mnist-baseline')!, 3, 'kernelSize', 0);
  const [error] = analyzeArchitecture(spec).errors;
  const text = describeArchitectureError(error, spec);
  assert.match(text, /^Layer 4 \(Convolution\): kernel must be an integer/);
  assert.doesNotMatch(text, /layers\[/);
});

test('a shape error names the layer that cannot produce an output', () => {
  const spec = setLayerField(presetArchitecture('mnist-baseline')!, 3, 'stride', 2);
  const [error] = analyzeArchitecture(spec).errors;
  assert.match(describeArchitectureError(error, spec), /^Layer 4 \(Convolution\): output height/);
});

test('messages without a path are left alone', () => {
  assert.equal(messageWithoutPath('the network has no input shape'), 'the network has no input shape');
  assert.equal(messageWithoutPath('layers[12]: a layer must be an object'), 'a layer must be an object');
});
