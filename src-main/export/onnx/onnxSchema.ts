// ONNX's own schema (onnx.proto, vendored beside this file) through
// protobufjs: the message types the exporter encodes and the importer
// decodes, and the enum values both need. The .proto is parsed once, on
// first use; `npm run build` copies it next to the compiled file.

import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** Opset of the default domain the exporter writes (ONNX 1.8, 2020): every operator it uses is defined there. */
export const EXPORT_OPSET = 13;
/** The IR version that goes with opset 13 and later readers accept. */
export const EXPORT_IR_VERSION = 8;

export interface OnnxSchema {
  model: protobuf.Type;
  dataType: { FLOAT: number; INT64: number };
  attributeType: { FLOAT: number; INT: number; INTS: number; FLOATS: number; TENSOR: number; STRING: number };
  dataLocationExternal: number;
}

let schema: OnnxSchema | null = null;

export function onnxSchema(): OnnxSchema {
  if (schema) return schema;
  const root = protobuf.loadSync(fileURLToPath(new URL('./onnx.proto', import.meta.url)));
  const dataTypes = root.lookupEnum('onnx.TensorProto.DataType').values;
  const attributeTypes = root.lookupEnum('onnx.AttributeProto.AttributeType').values;
  schema = {
    model: root.lookupType('onnx.ModelProto'),
    dataType: { FLOAT: dataTypes.FLOAT, INT64: dataTypes.INT64 },
    attributeType: {
      FLOAT: attributeTypes.FLOAT,
      INT: attributeTypes.INT,
      INTS: attributeTypes.INTS,
      FLOATS: attributeTypes.FLOATS,
      TENSOR: attributeTypes.TENSOR,
      STRING: attributeTypes.STRING,
    },
    dataLocationExternal: root.lookupEnum('onnx.TensorProto.DataLocation').values.EXTERNAL,
  };
  return schema;
}
