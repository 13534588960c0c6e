// import-onnx on small generated models: what it refuses and why, external
// data inside and outside the model's folder, and other exporters' shapes.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../../common/arch/spec.js';
import { layersWithWeights } from '../layerTensors.js';
import { exportOnnx } from './exportOnnx.js';
import { importOnnxBytes, importOnnxFile } from './importOnnx.js';
import { onnxSchema } from './onnxSchema.js';

const SMALL: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'small',
  input: { channels: 1, height: 4, width: 4 },
  layers: [{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 1 }, { type: 'relu' }, { type: 'dense', units: 3 }, { type: 'softmaxCrossEntropy' }],
};
// conv 2·1·3·3 + 2, dense 3·32 + 3
const WEIGHTS = Float32Array.from({ length: 18 + 2 + 96 + 3 }, (_, k) => Math.sin(k) / 4);

type Message = Record<string, any>;

/** SMALL with its loss scaling the logits by `logitScale`. */
function scaled(logitScale: number): ArchitectureSpec {
  return { ...SMALL, layers: [...SMALL.layers.slice(0, -1), { type: 'softmaxCrossEntropy', logitScale }] };
}

function smallModel(architecture = SMALL): Message {
  const bytes = exportOnnx({
    architecture,
    layers: layersWithWeights(architecture, WEIGHTS, 3),
    normalization: { mean: [0.5], std: [0.25] },
    classNames: ['a', 'b', 'c'],
    source: 'test',
    producerVersion: 'test',
  });
  const { model } = onnxSchema();
  return model.toObject(model.decode(bytes), { longs: Number, enums: Number }) as Message;
}

function encode(message: Message): Uint8Array {
  const { model } = onnxSchema();
  return model.encode(model.fromObject(message)).finish();
}

const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-onnx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('import-onnx', () => {
  test('reads the small model back: layers, weights, normalisation', () => {
    const imported = importOnnxBytes(encode(smallModel()), { folder: null, name: 'small' });
    assert.deepEqual(imported.architecture.layers, SMALL.layers);
    assert.deepEqual(imported.weights, WEIGHTS);
    assert.deepEqual(imported.normalization, { mean: [0.5], std: [0.25] });
  });

  test('names an unsupported operator and its node', () => {
    const message = smallModel();
    const relu = message.graph.node.find((node: Message) => node.opType === 'Relu');
    relu.opType = 'Elu';
    assert.throws(() => importOnnxBytes(encode(message), { folder: null, name: 'elu' }), /unsupported operator "Elu" at node "layer1_relu" \(Elu, node 4 of 7\)/);
  });

  test('refuses a graph that is not one chain', () => {
    const message = smallModel();
    const relu = message.graph.node.find((node: Message) => node.opType === 'Relu');
    relu.input = ['normalized'];
    assert.throws(() => importOnnxBytes(encode(message), { folder: null, name: 'branch' }), /reads "normalized", not the previous node's output "layer0_conv2d"/);
  });

  test('refuses settings the engine cannot honour, naming the attribute', () => {
    const message = smallModel();
    const conv = message.graph.node.find((node: Message) => node.opType === 'Conv');
    conv.attribute.find((a: Message) => a.name === 'dilations').ints = [2, 2];
    assert.throws(() => importOnnxBytes(encode(message), { folder: null, name: 'dilated' }), /node "layer0_conv2d".*dilations \[2, 2\] are not supported/);
  });

  describe('the loss’s logit scale', () => {
    const graphOf = (message: Message) => ({ node: message.graph.node, initializer: message.graph.initializer, output: message.graph.output });

    test('is a Mul by a scalar between the last layer and "logits", read back as the value typed', () => {
      const message = smallModel(scaled(1 / 9));
      const names = message.graph.node.map((node: Message) => `${node.opType}:${node.input[0]}→${node.output[0]}`);
      assert.deepEqual(names.slice(-3), ['Gemm:layer2_dense_vector→layer2_dense', 'Mul:layer2_dense→logits', 'Softmax:logits→probabilities']);
      const factor = message.graph.initializer.find((t: Message) => t.name === message.graph.node.at(-2).input[1]);
      assert.deepEqual(factor.dims ?? [], []);
      assert.equal(new DataView(factor.rawData.buffer, factor.rawData.byteOffset).getFloat32(0, true), Math.fround(1 / 9));
      const imported = importOnnxBytes(encode(message), { folder: null, name: 'scaled' });
      assert.deepEqual(imported.architecture.layers, scaled(1 / 9).layers);
      assert.deepEqual(imported.weights, WEIGHTS);
    });

    test('without the exporter’s metadata it is the shortest decimal of the float32', () => {
      const message = smallModel(scaled(1 / 9));
      message.metadataProps = [];
      assert.deepEqual(importOnnxBytes(encode(message), { folder: null, name: 'bare' }).architecture.layers.at(-1), { type: 'softmaxCrossEntropy', logitScale: 0.11111111 });
      const quarter = smallModel(scaled(0.25));
      quarter.metadataProps = [];
      assert.deepEqual(importOnnxBytes(encode(quarter), { folder: null, name: 'quarter' }).architecture.layers.at(-1), { type: 'softmaxCrossEntropy', logitScale: 0.25 });
    });

    test('at scale 1 nothing is added: the graph is the one of a loss without the field', () => {
      assert.deepEqual(graphOf(smallModel(scaled(1))), graphOf(smallModel()));
      assert.ok(!smallModel().graph.node.some((node: Message) => node.opType === 'Mul'));
    });

    test('a Mul of the scores outside (0, 100] is refused naming the node', () => {
      const message = smallModel(scaled(2));
      const factor = message.graph.initializer.find((t: Message) => t.name === message.graph.node.at(-2).input[1]);
      new DataView(factor.rawData.buffer, factor.rawData.byteOffset).setFloat32(0, -2, true);
      assert.throws(() => importOnnxBytes(encode(message), { folder: null, name: 'negative' }), /node "layer3_softmaxCrossEntropy_logit_scale" \(Mul.*multiplies the logits by -2; the loss's logit scale must be above 0, at most 100/);
    });

    test('a Mul by more than one number after the first layer is still an unsupported operator', () => {
      const message = smallModel(scaled(2));
      const factor = message.graph.initializer.find((t: Message) => t.name === message.graph.node.at(-2).input[1]);
      factor.dims = [3];
      factor.rawData = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
      assert.throws(() => importOnnxBytes(encode(message), { folder: null, name: 'vector' }), /unsupported operator "Mul" at node "layer3_softmaxCrossEntropy_logit_scale"/);
    });
  });

  describe('external data', () => {
    /** The model with the conv weights moved to `location`, written into a folder of its own. */
    function withExternalWeights(name: string, location: string): string {
      const message = smallModel();
      const weights = message.graph.initializer.find((t: Message) => t.name === 'layer0_conv2d.weights');
      weights.externalData = [
        { key: 'location', value: location },
        { key: 'offset', value: '0' },
        { key: 'length', value: String(weights.rawData.length) },
      ];
      weights.dataLocation = onnxSchema().dataLocationExternal;
      const raw = weights.rawData;
      delete weights.rawData;
      const folder = join(dir, name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(dir, 'outside.bin'), raw);
      writeFileSync(join(folder, 'weights.bin'), raw);
      writeFileSync(join(folder, 'model.onnx'), encode(message));
      return join(folder, 'model.onnx');
    }

    test('inside the model’s folder is read', () => {
      assert.deepEqual(importOnnxFile(withExternalWeights('inside', 'weights.bin')).weights, WEIGHTS);
    });

    test('leaving the folder by ".." or an absolute path is refused', () => {
      assert.throws(() => importOnnxFile(withExternalWeights('climbs', '../outside.bin')), /"layer0_conv2d.weights": its external data "..\/outside.bin" is outside the model's folder.*refused/);
      assert.throws(() => importOnnxFile(withExternalWeights('absolute', join(dir, 'outside.bin'))), /is outside the model's folder.*refused/);
    });

    test('a link inside the folder that leads out is refused', () => {
      const model = withExternalWeights('linked', 'link.bin');
      symlinkSync(join(dir, 'outside.bin'), join(dir, 'linked', 'link.bin'));
      assert.throws(() => importOnnxFile(model), /leads outside the model's folder \(a link to .*outside\.bin\); refused/);
    });
  });
});
