// Shape inference, layer by layer, with the arithmetic written out the way the
// report writes it: `(28 − 5 + 2·2)/1 + 1 = 28`. Used by the editor (live), the
// engine (to size buffers) and the CLI (the parameter table).

import { LIMITS } from './schema.js';
import { formatShape, shapeSize, type ArchitectureSpec, type LayerSpec, type LayerType, type Shape } from './spec.js';

export interface LayerShapeInfo {
  index: number;
  type: LayerType;
  inShape: Shape;
  outShape: Shape;
  /** Human-readable derivation of the output size (empty for shape-preserving layers). */
  arithmetic: string[];
}

export interface ArchitectureError {
  layerIndex: number | null;
  field: string | null;
  message: string;
}

export interface ShapeInference {
  layers: LayerShapeInfo[];
  errors: ArchitectureError[];
}

export interface ShapeOptions {
  /** When known (a dataset is chosen), the loss input must have this many units. */
  numClasses?: number;
}

type Step = { outShape: Shape; arithmetic: string[] } | { error: ArchitectureError };

/** One spatial dimension of a sliding window: (in − k + 2·p)/s + 1, which must be a positive integer. */
function slide(
  axis: string,
  size: number,
  kernel: number,
  stride: number,
  padding: number,
  index: number,
): { value: number; text: string } | { error: ArchitectureError } {
  const span = size - kernel + 2 * padding;
  const padText = padding > 0 ? ` + 2·${padding}` : '';
  const expression = `(${size} − ${kernel}${padText})/${stride} + 1`;
  if (span < 0) {
    return {
      error: {
        layerIndex: index,
        field: 'kernelSize',
        message: `output ${axis} would be ${expression} = ${span / stride + 1} ≤ 0: the window (${kernel}) is larger than the padded input (${size + 2 * padding})`,
      },
    };
  }
  if (span % stride !== 0) {
    return {
      error: {
        layerIndex: index,
        field: 'stride',
        message: `output ${axis} ${expression} = ${(span / stride + 1).toFixed(2)} is not an integer: stride ${stride} does not divide ${span}`,
      },
    };
  }
  const value = span / stride + 1;
  return { value, text: `${expression} = ${value}` };
}

function windowStep(
  inShape: Shape,
  layer: LayerSpec,
  index: number,
  kernel: number,
  stride: number,
  padding: number,
  outChannels: number,
): Step {
  if (inShape.kind !== 'map') {
    return {
      error: {
        layerIndex: index,
        field: null,
        message: `${layer.type} needs a feature map input, but its input is a vector of ${inShape.units} (it comes after a flatten or dense layer)`,
      },
    };
  }
  const h = slide('height', inShape.height, kernel, stride, padding, index);
  if ('error' in h) return h;
  const w = slide('width', inShape.width, kernel, stride, padding, index);
  if ('error' in w) return w;
  const arithmetic = inShape.height === inShape.width ? [h.text] : [`H: ${h.text}`, `W: ${w.text}`];
  return { outShape: { kind: 'map', channels: outChannels, height: h.value, width: w.value }, arithmetic };
}

function step(inShape: Shape, layer: LayerSpec, index: number, isLast: boolean, options: ShapeOptions): Step {
  switch (layer.type) {
    case 'conv2d':
      return windowStep(inShape, layer, index, layer.kernelSize, layer.stride ?? 1, layer.padding ?? 0, layer.filters);
    case 'maxPool2d': {
      const channels = inShape.kind === 'map' ? inShape.channels : 0;
      return windowStep(inShape, layer, index, layer.size, layer.stride ?? layer.size, 0, channels);
    }
    case 'relu':
    case 'dropout':
      return { outShape: inShape, arithmetic: [] };
    case 'flatten': {
      const units = shapeSize(inShape);
      const arithmetic = inShape.kind === 'map' ? [`${inShape.channels}·${inShape.height}·${inShape.width} = ${units}`] : [];
      return { outShape: { kind: 'vector', units }, arithmetic };
    }
    case 'dense':
      return { outShape: { kind: 'vector', units: layer.units }, arithmetic: [] };
    case 'softmaxCrossEntropy': {
      if (!isLast) {
        return { error: { layerIndex: index, field: null, message: 'softmaxCrossEntropy is the loss: it must be the last layer' } };
      }
      const units = shapeSize(inShape);
      if (options.numClasses !== undefined && units !== options.numClasses) {
        return {
          error: {
            layerIndex: index,
            field: null,
            message: `the loss receives ${units} scores but the dataset has ${options.numClasses} classes: make the last dense layer ${options.numClasses} units`,
          },
        };
      }
      return { outShape: { kind: 'vector', units }, arithmetic: [] };
    }
  }
}

export function inferShapes(spec: ArchitectureSpec, options: ShapeOptions = {}): ShapeInference {
  const layers: LayerShapeInfo[] = [];
  const errors: ArchitectureError[] = [];
  if (!spec.input) {
    return { layers, errors: [{ layerIndex: null, field: 'input', message: 'the network has no input shape' }] };
  }
  let shape: Shape = { kind: 'map', ...spec.input };
  let activations = shapeSize(shape);
  spec.layers.forEach((layer, index) => {
    if (errors.length > 0) return;
    const result = step(shape, layer, index, index === spec.layers.length - 1, options);
    if ('error' in result) {
      errors.push(result.error);
      return;
    }
    layers.push({ index, type: layer.type, inShape: shape, outShape: result.outShape, arithmetic: result.arithmetic });
    shape = result.outShape;
    activations += shapeSize(shape);
    if (activations > LIMITS.maxActivationsPerImage) {
      errors.push({
        layerIndex: index,
        field: null,
        message: `too large for memory: activations reach ${activations.toLocaleString('en-US')} values per image at this layer (${formatShape(shape)}); the limit is ${LIMITS.maxActivationsPerImage.toLocaleString('en-US')}`,
      });
    }
  });
  const last = spec.layers[spec.layers.length - 1];
  if (errors.length === 0 && last?.type !== 'softmaxCrossEntropy') {
    errors.push({
      layerIndex: spec.layers.length > 0 ? spec.layers.length - 1 : null,
      field: null,
      message: 'the network must end with the softmaxCrossEntropy loss layer',
    });
  }
  return { layers, errors };
}
