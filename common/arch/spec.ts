// The architecture format: plain JSON, exactly what the drag-and-drop editor
// produces and what the engine, the store and the CLI consume.

export const ARCHITECTURE_FORMAT = 'cnn-workbench/architecture';
export const ARCHITECTURE_VERSION = 1;

/** Channels × height × width of one image (or of one layer's output). */
export interface Shape3 {
  channels: number;
  height: number;
  width: number;
}

/** A layer's output: a feature map, or a flat vector after flatten/dense. */
export type Shape = { kind: 'map'; channels: number; height: number; width: number } | { kind: 'vector'; units: number };

import type { AvgPool2dSpec } from './layers/avgPool2d.js';
import type { BatchNormSpec } from './layers/batchNorm.js';
import type { Conv2dSpec } from './layers/conv2d.js';
import type { DenseSpec } from './layers/dense.js';
import type { DropoutSpec } from './layers/dropout.js';
import type { FlattenSpec } from './layers/flatten.js';
import type { GlobalAvgPoolSpec } from './layers/globalAvgPool.js';
import type { LeakyReluSpec } from './layers/leakyRelu.js';
import type { MaxPool2dSpec } from './layers/maxPool2d.js';
import type { PatchWhiteningSpec } from './layers/patchWhitening.js';
import type { ReluSpec } from './layers/relu.js';
import type { SoftmaxCrossEntropySpec } from './layers/softmaxCrossEntropy.js';

export type {
  AvgPool2dSpec,
  BatchNormSpec,
  Conv2dSpec,
  DenseSpec,
  DropoutSpec,
  FlattenSpec,
  GlobalAvgPoolSpec,
  LeakyReluSpec,
  MaxPool2dSpec,
  PatchWhiteningSpec,
  ReluSpec,
  SoftmaxCrossEntropySpec,
};

/** One layer of the JSON: each type's fields are defined beside its rules in layers/<type>.ts. */
export type LayerSpec = (
  | PatchWhiteningSpec
  | Conv2dSpec
  | BatchNormSpec
  | ReluSpec
  | LeakyReluSpec
  | MaxPool2dSpec
  | AvgPool2dSpec
  | GlobalAvgPoolSpec
  | DropoutSpec
  | FlattenSpec
  | DenseSpec
  | SoftmaxCrossEntropySpec
) & {
  /** Optional stable identity (the editor uses it for keys and drag); ignored by the engine. */
  id?: string;
};

export type LayerType = LayerSpec['type'];

export interface ArchitectureSpec {
  format: typeof ARCHITECTURE_FORMAT;
  version: typeof ARCHITECTURE_VERSION;
  name: string;
  description?: string;
  input: Shape3;
  layers: LayerSpec[];
}

export function shapeSize(shape: Shape): number {
  return shape.kind === 'map' ? shape.channels * shape.height * shape.width : shape.units;
}

export function formatShape(shape: Shape): string {
  return shape.kind === 'map' ? `${shape.channels}×${shape.height}×${shape.width}` : `${shape.units}`;
}
