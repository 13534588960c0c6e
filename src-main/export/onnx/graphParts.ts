// The pieces of an ONNX graph as plain objects in protobufjs's field names
// (onnx.proto's, camel-cased): nodes, attributes and initializer tensors,
// with the few constructors the exporter needs.

import { onnxSchema } from './onnxSchema.js';

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
  floats?: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
  /** What the node was in the workbench, where its operator alone does not say (patch whitening's Conv). */
  docString?: string;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

/** Nodes and initializers one layer adds, and the name of the tensor it ends in. */
export interface OnnxFragment {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  output: string;
}

export function node(name: string, opType: string, input: string[], output: string[], attribute: OnnxAttribute[] = []): OnnxNode {
  return { name, opType, input, output, attribute };
}

export function floatAttribute(name: string, value: number): OnnxAttribute {
  return { name, type: onnxSchema().attributeType.FLOAT, f: value };
}

export function intAttribute(name: string, value: number): OnnxAttribute {
  return { name, type: onnxSchema().attributeType.INT, i: value };
}

export function intsAttribute(name: string, values: number[]): OnnxAttribute {
  return { name, type: onnxSchema().attributeType.INTS, ints: values };
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor {
  // raw_data is little-endian whatever the machine.
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < values.length; k++) view.setFloat32(k * 4, values[k], true);
  return { name, dims, dataType: onnxSchema().dataType.FLOAT, rawData: bytes };
}

export function int64Tensor(name: string, dims: number[], values: number[]): OnnxTensor {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => view.setBigInt64(k * 8, BigInt(value), true));
  return { name, dims, dataType: onnxSchema().dataType.INT64, rawData: bytes };
}
