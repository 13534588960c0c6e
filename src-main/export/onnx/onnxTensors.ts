// Reading an ONNX model's constant tensors (initializers and Constant nodes)
// as numbers: float32 and int64, inline (raw_data or the typed fields) or in
// an external data file. External data must stay inside the model's folder:
// a location that is absolute, climbs out with "..", or is a link leading
// out is refused, so a model file cannot make the importer read anything
// else on the machine.

import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { onnxSchema } from './onnxSchema.js';

export class OnnxImportError extends Error {
  override name = 'OnnxImportError';
}

/** A decoded TensorProto as protobufjs gives it (longs as numbers). */
export interface TensorMessage {
  name?: string;
  dims?: number[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int64Data?: number[];
  dataLocation?: number;
  externalData?: { key?: string; value?: string }[];
}

export interface ConstantTensor {
  name: string;
  dims: number[];
  values: Float32Array | number[];
}

function externalBytes(tensor: TensorMessage, modelFolder: string | null): Uint8Array {
  const field = (key: string) => tensor.externalData?.find((entry) => entry.key === key)?.value;
  const location = field('location');
  const name = tensor.name ?? '(unnamed)';
  if (!location) throw new OnnxImportError(`tensor "${name}" keeps its data outside the model but names no location`);
  if (!modelFolder) throw new OnnxImportError(`tensor "${name}" keeps its data in "${location}", but the model was not read from a folder`);
  const inside = (path: string, folder: string) => {
    const rel = relative(folder, path);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  };
  const path = resolve(modelFolder, location);
  if (isAbsolute(location) || !inside(path, modelFolder)) {
    throw new OnnxImportError(`tensor "${name}": its external data "${location}" is outside the model's folder ${modelFolder}; refused`);
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new OnnxImportError(`tensor "${name}": its external data file ${path} does not exist`);
  }
  if (!inside(real, realpathSync(modelFolder))) {
    throw new OnnxImportError(`tensor "${name}": its external data "${location}" leads outside the model's folder (a link to ${real}); refused`);
  }
  const offset = Number(field('offset') ?? 0);
  const length = field('length');
  const file = openSync(real, 'r');
  try {
    const want = length === undefined ? null : Number(length);
    const bytes = new Uint8Array(want ?? 0);
    if (want === null) throw new OnnxImportError(`tensor "${name}": its external data names no length`);
    const got = readSync(file, bytes, 0, want, offset);
    if (got !== want) throw new OnnxImportError(`tensor "${name}": ${location} holds ${got} bytes at offset ${offset}, not ${want}`);
    return bytes;
  } finally {
    closeSync(file);
  }
}

/** The tensor's numbers: float32 values, or int64 values as plain numbers (shapes, axes). */
export function readTensor(tensor: TensorMessage, modelFolder: string | null): ConstantTensor {
  const { dataType, dataLocationExternal } = onnxSchema();
  const name = tensor.name ?? '(unnamed)';
  const dims = (tensor.dims ?? []).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = tensor.dataLocation === dataLocationExternal ? externalBytes(tensor, modelFolder) : tensor.rawData;
  const view = raw && raw.length > 0 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  if (tensor.dataType === dataType.FLOAT) {
    const values = new Float32Array(count);
    if (view) {
      if (view.byteLength !== count * 4) throw new OnnxImportError(`tensor "${name}" holds ${view.byteLength} bytes, [${dims.join(', ')}] float32 needs ${count * 4}`);
      for (let k = 0; k < count; k++) values[k] = view.getFloat32(k * 4, true);
    } else {
      if ((tensor.floatData ?? []).length !== count) throw new OnnxImportError(`tensor "${name}" holds ${(tensor.floatData ?? []).length} values, [${dims.join(', ')}] needs ${count}`);
      values.set(tensor.floatData ?? []);
    }
    return { name, dims, values };
  }
  if (tensor.dataType === dataType.INT64) {
    const values: number[] = [];
    if (view) {
      if (view.byteLength !== count * 8) throw new OnnxImportError(`tensor "${name}" holds ${view.byteLength} bytes, [${dims.join(', ')}] int64 needs ${count * 8}`);
      for (let k = 0; k < count; k++) values.push(Number(view.getBigInt64(k * 8, true)));
    } else {
      values.push(...(tensor.int64Data ?? []).map(Number));
    }
    return { name, dims, values };
  }
  throw new OnnxImportError(`tensor "${name}" is of ONNX data type ${tensor.dataType}; only float32 weights and int64 shapes are read`);
}
