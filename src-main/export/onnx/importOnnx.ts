// `cnn-workbench import-onnx`: a sequential ONNX graph back into an
// architecture and its weights. The graph must be a chain (each node reads
// the previous node's output, plus constants) of the operators below; any
// other operator is an error naming it and its node. It inverts
// exportOnnx.ts (see onnxLayers.ts for the conventions), so an exported
// model comes back as the same architecture, and it reads the common shapes
// of other exporters too (PyTorch's MatMul + Add, Squeeze after pooling,
// Constant nodes, a final Softmax). A Mul of the scores by one number at the
// end is the loss's logit scale.

import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ParamName } from '../../../common/arch/layerDefinition.js';
import { analyzeArchitecture, describeArchitectureErrors } from '../../../common/arch/analyze.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec, type LayerSpec } from '../../../common/arch/spec.js';
import type { ChannelStats } from '../../../common/imageBatch.js';
import { flattenWeights } from '../layerTensors.js';
import { METADATA_KEYS } from './exportOnnx.js';
import { layerFromNode, type ChainState, type NodeMessage, type NodeReader } from './onnxOperators.js';
import { onnxSchema } from './onnxSchema.js';
import { OnnxImportError, readTensor, type ConstantTensor, type TensorMessage } from './onnxTensors.js';

export { OnnxImportError };

export interface ImportedOnnx {
  architecture: ArchitectureSpec;
  /** In the engine's flat order (workers/network.ts). */
  weights: Float32Array;
  /** The per-channel normalisation the graph applies to its input first, (pixels − mean)/std; null when it applies none. */
  normalization: ChannelStats | null;
  /** From the model's metadata, when it names them (a CNN Workbench export does). */
  classNames: string[] | null;
}

interface ModelMessage {
  opsetImport?: { domain?: string; version?: number }[];
  metadataProps?: { key?: string; value?: string }[];
  graph?: {
    name?: string;
    node?: NodeMessage[];
    initializer?: TensorMessage[];
    input?: { name?: string; type?: { tensorType?: { shape?: { dim?: { dimValue?: number; dimParam?: string }[] } } } }[];
  };
}

export function importOnnxFile(path: string): ImportedOnnx {
  const absolute = resolve(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    throw new OnnxImportError(`${absolute} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return importOnnxBytes(bytes, { folder: dirname(absolute), name: basename(absolute, extname(absolute)) });
}

function decode(bytes: Uint8Array, name: string): ModelMessage {
  const { model } = onnxSchema();
  try {
    return model.toObject(model.decode(bytes), { longs: Number, enums: Number, defaults: false }) as ModelMessage;
  } catch (error) {
    throw new OnnxImportError(`${name} is not an ONNX model (${(error as Error).message})`);
  }
}

/** The graph's one data input (inputs that are initializers are weights) and its C×H×W. */
function inputOf(message: ModelMessage, constants: Map<string, ConstantTensor>): { name: string; input: ArchitectureSpec['input'] } {
  const inputs = (message.graph?.input ?? []).filter((input) => input.name && !constants.has(input.name));
  if (inputs.length !== 1) throw new OnnxImportError(`the graph has ${inputs.length} inputs besides its weights; import-onnx reads networks with one image input`);
  const [input] = inputs;
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  const [, channels, height, width] = dims.map((d) => d.dimValue);
  if (dims.length !== 4 || !channels || !height || !width) {
    throw new OnnxImportError(`input "${input.name}" must be [N, channels, height, width] with the last three known, got [${dims.map((d) => d.dimValue ?? d.dimParam ?? '?').join(', ')}]`);
  }
  return { name: input.name as string, input: { channels, height, width } };
}

function metadata(message: ModelMessage, key: string): string | undefined {
  return message.metadataProps?.find((entry) => entry.key === key)?.value;
}

function classNamesOf(message: ModelMessage): string[] | null {
  const text = metadata(message, METADATA_KEYS.classNames);
  if (!text) return null;
  try {
    const names = JSON.parse(text) as unknown;
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : null;
  } catch {
    return null;
  }
}

/**
 * The loss, with the logit scale the graph multiplies by. The graph holds it
 * as float32; when the exporter's architecture (metadata) has the same
 * float32, its value is the one typed (1/9, where float32 reads 0.11111111).
 */
function lossLayer(read: number | undefined, original: Partial<ArchitectureSpec> | null): LayerSpec {
  if (read === undefined || read === 1) return { type: 'softmaxCrossEntropy' };
  const described = Array.isArray(original?.layers) ? original.layers[original.layers.length - 1] : undefined;
  const typed = described?.type === 'softmaxCrossEntropy' ? described.logitScale : undefined;
  return { type: 'softmaxCrossEntropy', logitScale: typeof typed === 'number' && Math.fround(typed) === Math.fround(read) ? typed : read };
}

export function importOnnxBytes(bytes: Uint8Array, source: { folder: string | null; name: string }): ImportedOnnx {
  const message = decode(bytes, source.name);
  const graph = message.graph;
  if (!graph?.node?.length) throw new OnnxImportError(`${source.name} holds no graph`);
  const opset = message.opsetImport?.find((entry) => !entry.domain)?.version ?? 0;
  if (opset < 7) throw new OnnxImportError(`${source.name} uses ONNX opset ${opset}; import-onnx reads opset 7 and later`);

  const constants = new Map<string, ConstantTensor>();
  for (const tensor of graph.initializer ?? []) constants.set(tensor.name ?? '', readTensor(tensor, source.folder));
  const { name: inputName, input } = inputOf(message, constants);

  const layers: LayerSpec[] = [];
  const tensors = new Map<number, Partial<Record<ParamName, ArrayLike<number>>>>();
  const state: ChainState = { current: inputName, shape: 'map', channels: input.channels, affine: null, started: false, ended: false };
  const nodes = graph.node;
  const reader: NodeReader = {
    opset,
    constant: (name, node) => {
      const found = constants.get(name);
      if (!found) throw new OnnxImportError(`node "${node.name}" (${node.opType}) reads "${name}", which is neither a weight nor the previous node's output`);
      return found;
    },
    addLayer: (layer, layerTensors) => {
      if (layerTensors) tensors.set(layers.length, layerTensors);
      layers.push(layer);
    },
  };
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    const where = `node "${node.name || `#${index + 1}`}" (${node.opType}, node ${index + 1} of ${nodes.length})`;
    if (node.opType === 'Constant') {
      const value = node.attribute?.find((a) => a.name === 'value')?.t;
      if (!value || !node.output?.[0]) throw new OnnxImportError(`${where}: only Constant nodes holding a tensor are read`);
      constants.set(node.output[0], readTensor({ ...value, name: node.output[0] }, source.folder));
      continue;
    }
    if (state.ended) throw new OnnxImportError(`${where} comes after the network's output (${state.current}); import-onnx reads one chain of layers`);
    if (node.input?.[0] !== state.current) {
      throw new OnnxImportError(`${where} reads "${node.input?.[0]}", not the previous node's output "${state.current}": the graph is not one chain of layers`);
    }
    const alsoRead = layerFromNode(node, where, nodes[index + 1], state, reader);
    index += alsoRead;
    state.current = nodes[index].output?.[0] ?? '';
  }
  if (layers.length === 0) throw new OnnxImportError(`${source.name} holds no layer import-onnx knows`);

  const numClasses = state.shape === 'vector' ? state.channels : 0;
  const described = metadata(message, METADATA_KEYS.architecture);
  const original = described ? (JSON.parse(described) as Partial<ArchitectureSpec>) : null;
  const architecture: ArchitectureSpec = {
    format: ARCHITECTURE_FORMAT,
    version: ARCHITECTURE_VERSION,
    name: original?.name || graph.name || source.name,
    ...(original?.description ? { description: original.description } : {}),
    input,
    layers: [...layers, lossLayer(state.logitScale, original)],
  };
  const analysis = analyzeArchitecture(architecture, numClasses > 0 ? { numClasses } : {});
  if (!analysis.valid) {
    throw new OnnxImportError(`${source.name} does not make a network the workbench can build: ${describeArchitectureErrors(architecture, analysis.errors)}`);
  }
  const lastUnits = analysis.layers[analysis.layers.length - 1].outShape;
  const classes = lastUnits.kind === 'vector' ? lastUnits.units : 0;
  return {
    architecture,
    weights: flattenWeights(architecture, tensors, classes),
    normalization: state.affine ? { mean: state.affine.mean, std: state.affine.std } : null,
    classNames: classNamesOf(message),
  };
}
