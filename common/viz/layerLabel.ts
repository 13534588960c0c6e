// One-line descriptions of layers. Settings at their defaults (stride 1,
// no padding, pooling stride equal to its size) are left out of the text, so
// two layers that behave the same also read the same.

import type { LayerSpec } from '../arch/spec.js';

/** The layer's settings with defaults applied, in display order (the editor-only `id` left out). */
export function effectiveLayerFields(layer: LayerSpec): Record<string, number> {
  switch (layer.type) {
    case 'conv2d':
      return { filters: layer.filters, kernelSize: layer.kernelSize, stride: layer.stride ?? 1, padding: layer.padding ?? 0 };
    case 'maxPool2d':
      return { size: layer.size, stride: layer.stride ?? layer.size };
    case 'dense':
      return { units: layer.units };
    case 'dropout':
      return { rate: layer.rate };
    case 'relu':
    case 'flatten':
    case 'softmaxCrossEntropy':
      return {};
  }
}

export function describeLayer(layer: LayerSpec): string {
  switch (layer.type) {
    case 'conv2d': {
      const { filters, kernelSize, stride, padding } = effectiveLayerFields(layer);
      return `conv ${kernelSize}×${kernelSize}, ${filters} filters${stride === 1 ? '' : `, stride ${stride}`}${padding === 0 ? '' : `, pad ${padding}`}`;
    }
    case 'maxPool2d': {
      const { size, stride } = effectiveLayerFields(layer);
      return `max-pool ${size}×${size}${stride === size ? '' : `, stride ${stride}`}`;
    }
    case 'dense':
      return `dense ${layer.units}`;
    case 'dropout':
      return `dropout ${layer.rate}`;
    case 'relu':
      return 'ReLU';
    case 'flatten':
      return 'flatten';
    case 'softmaxCrossEntropy':
      return 'softmax cross-entropy';
  }
}
