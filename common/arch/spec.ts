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

export interface Conv2dSpec {
  type: 'conv2d';
  filters: number;
  kernelSize: number;
  stride?: number; // default 1
  padding?: number; // default 0, zero padding on every side
}

export interface MaxPool2dSpec {
  type: 'maxPool2d';
  size: number;
  stride?: number; // default: size
}

export interface ReluSpec {
  type: 'relu';
}

export interface FlattenSpec {
  type: 'flatten';
}

export interface DenseSpec {
  type: 'dense';
  units: number;
}

export interface DropoutSpec {
  type: 'dropout';
  rate: number; // probability of dropping, in [0, 1)
}

export interface SoftmaxCrossEntropySpec {
  type: 'softmaxCrossEntropy';
}

export type LayerSpec = (
  | Conv2dSpec
  | MaxPool2dSpec
  | ReluSpec
  | FlattenSpec
  | DenseSpec
  | DropoutSpec
  | SoftmaxCrossEntropySpec
) & {
  /** Optional stable identity (the editor uses it for keys and drag); ignored by the engine. */
  id?: string;
};

export type LayerType = LayerSpec['type'];

export const LAYER_TYPES: readonly LayerType[] = [
  'conv2d',
  'maxPool2d',
  'relu',
  'flatten',
  'dense',
  'dropout',
  'softmaxCrossEntropy',
];

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
