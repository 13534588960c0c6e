// A trained network as an ONNX model (opset 13), written with protobufjs
// from ONNX's own schema.
//
// The graph: input `pixels` [N, C, H, W], float32, each pixel byte/255 (in
// [0, 1]); the input normalisation folded in as two nodes, Sub(mean) then
// Div(std) per channel, so the model takes pixels as they are; then each
// layer (onnxLayers.ts). Outputs `logits` [N, classes] (times the loss's
// logit scale when it has one: the scores the engine's softmax reads) and
// `probabilities` (their softmax). metadata_props carry the class names, the normalisation
// (also stated there, although the graph applies it), the architecture JSON
// and where the model came from, under keys starting `cnn-workbench.`.

import { logitScaleOf } from '../../../common/arch/layers/softmaxCrossEntropy.js';
import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import type { ChannelStats } from '../../../common/imageBatch.js';
import type { WeightedLayer } from '../layerTensors.js';
import { floatTensor, intAttribute, node, type OnnxFragment, type OnnxNode, type OnnxTensor } from './graphParts.js';
import { writeOnnxLayer } from './onnxLayers.js';
import { EXPORT_IR_VERSION, EXPORT_OPSET, onnxSchema } from './onnxSchema.js';

export const ONNX_INPUT = 'pixels';
export const ONNX_LOGITS = 'logits';
export const ONNX_PROBABILITIES = 'probabilities';

export const METADATA_KEYS = {
  classNames: 'cnn-workbench.classNames',
  normalization: 'cnn-workbench.normalization',
  architecture: 'cnn-workbench.architecture',
  source: 'cnn-workbench.source',
} as const;

export interface OnnxExportSource {
  architecture: ArchitectureSpec;
  layers: WeightedLayer[];
  normalization: ChannelStats;
  classNames: string[];
  /** Where the weights came from, for the metadata: `run 3 "mnist-baseline · MNIST" of CNN Workbench 0.1.0`. */
  source: string;
  producerVersion: string;
}

function normalizationNodes(stats: ChannelStats, output: string): OnnxFragment {
  const channels = stats.mean.length;
  const mean = floatTensor('normalization.mean', [1, channels, 1, 1], stats.mean);
  const std = floatTensor('normalization.std', [1, channels, 1, 1], stats.std);
  return {
    nodes: [
      node('normalize_subtract_mean', 'Sub', [ONNX_INPUT, mean.name], ['pixels_centred']),
      node('normalize_divide_std', 'Div', ['pixels_centred', std.name], [output]),
    ],
    initializers: [mean, std],
    output,
  };
}

function valueInfo(name: string, dims: (number | string)[]) {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: onnxSchema().dataType.FLOAT, shape: { dim } } } };
}

export function exportOnnx(source: OnnxExportSource): Uint8Array {
  const { architecture, layers, normalization, classNames } = source;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const add = (fragment: OnnxFragment) => {
    nodes.push(...fragment.nodes);
    initializers.push(...fragment.initializers);
    return fragment.output;
  };
  let current = add(normalizationNodes(normalization, 'normalized'));
  layers.forEach((layer, position) => {
    // The loss ends in the logits when it adds a node (a logit scale), else the layer before it does.
    const next = layers[position + 1]?.spec;
    const endsInLogits = layer.spec.type === 'softmaxCrossEntropy' || (next?.type === 'softmaxCrossEntropy' && logitScaleOf(next) === 1);
    const prefix = `layer${layer.index}_${layer.spec.type}`;
    current = add(writeOnnxLayer(layer.spec, { layer, input: current, output: endsInLogits ? ONNX_LOGITS : prefix, prefix }));
  });
  if (current !== ONNX_LOGITS) throw new Error(`architecture "${architecture.name}" does not end with the softmaxCrossEntropy loss after a layer`);
  nodes.push(node('probabilities', 'Softmax', [ONNX_LOGITS], [ONNX_PROBABILITIES], [intAttribute('axis', 1)]));

  const { channels, height, width } = architecture.input;
  const model = {
    irVersion: EXPORT_IR_VERSION,
    opsetImport: [{ domain: '', version: EXPORT_OPSET }],
    producerName: 'CNN Workbench',
    producerVersion: source.producerVersion,
    docString:
      `${architecture.name}: input "${ONNX_INPUT}" is [N, ${channels}, ${height}, ${width}] float32 pixels scaled to [0, 1] (byte/255); ` +
      `the graph normalises them per channel. Outputs "${ONNX_LOGITS}" and "${ONNX_PROBABILITIES}", [N, ${classNames.length}], classes in the order of ${METADATA_KEYS.classNames}.`,
    metadataProps: [
      { key: METADATA_KEYS.classNames, value: JSON.stringify(classNames) },
      {
        key: METADATA_KEYS.normalization,
        value: JSON.stringify({ ...normalization, input: 'pixel byte / 255', appliedInGraph: ['normalize_subtract_mean', 'normalize_divide_std'] }),
      },
      { key: METADATA_KEYS.architecture, value: JSON.stringify(architecture) },
      { key: METADATA_KEYS.source, value: source.source },
    ],
    graph: {
      name: architecture.name,
      docString: architecture.description ?? '',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, ['N', channels, height, width])],
      output: [valueInfo(ONNX_LOGITS, ['N', classNames.length]), valueInfo(ONNX_PROBABILITIES, ['N', classNames.length])],
    },
  };
  const { model: Model } = onnxSchema();
  const problem = Model.verify(model);
  if (problem) throw new Error(`the ONNX model of "${architecture.name}" does not fit ONNX's schema: ${problem}`);
  return Model.encode(Model.fromObject(model)).finish();
}
