// Patch whitening (airbench's stem, after Keller Jordan's "94% on CIFAR-10 in
// 3.29 seconds"): a k×k convolution, stride 1, no padding, whose 2·C·k²
// filters are computed from the training images before the first step and
// never trained (its bias is). The filters are the eigenvectors of the
// images' k×k patch covariance scaled by 1/√(λ + ε), each with its negation,
// so the first layer hands on decorrelated patches at both signs. The math is
// in workers/whitening/, and workers/training/dataInitialization.ts runs it
// when a run starts. Needing the images as they enter the network, it must be
// its first layer.

import type { LayerDefinition } from '../layerDefinition.js';
import { featureCount } from '../layerDefinition.js';
import { windowStep } from '../slidingWindow.js';
import { shapeSize, type Shape } from '../spec.js';

export interface PatchWhiteningSpec {
  type: 'patchWhitening';
  kernelSize?: number; // default 2
  epsilon?: number; // default 5e-4, added to each eigenvalue before the square root
}

export const PATCH_WHITENING_DEFAULTS = { kernelSize: 2, epsilon: 5e-4 } as const;

/** 2·C·k²: one filter a patch component and one for its negation. */
export function whiteningFilters(spec: PatchWhiteningSpec, inShape: Shape): number {
  const k = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
  return 2 * featureCount(inShape) * k * k;
}

export const patchWhitening: LayerDefinition<PatchWhiteningSpec> = {
  type: 'patchWhitening',
  title: 'Patch whitening',
  description: 'A first layer of fixed filters computed from the training images: decorrelated k×k patches, ± each (airbench). Only its bias is trained.',
  fields: [
    { name: 'kernelSize', label: 'Kernel', kind: 'integer', min: 1, max: 5, optional: true, defaultValue: PATCH_WHITENING_DEFAULTS.kernelSize },
    { name: 'epsilon', label: 'Epsilon', kind: 'number', min: 1e-12, max: 1, optional: true, defaultValue: PATCH_WHITENING_DEFAULTS.epsilon },
  ],
  inPalette: true,
  starting: { kernelSize: PATCH_WHITENING_DEFAULTS.kernelSize },
  describe: ({ kernelSize = PATCH_WHITENING_DEFAULTS.kernelSize }) => `patch whitening ${kernelSize}×${kernelSize}`,
  inferShape: (inShape, spec, at) => {
    if (at.index !== 0) {
      return {
        error: {
          layerIndex: at.index,
          field: null,
          message: 'patchWhitening must be the first layer: its filters are computed from the training images as they enter the network',
        },
      };
    }
    const kernel = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
    return windowStep(inShape, spec.type, at.index, { kernel, stride: 1, padding: 0, channels: whiteningFilters(spec, inShape) });
  },
  paramShapes: (spec, inShape) => {
    const k = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
    const filters = whiteningFilters(spec, inShape);
    // Drawn like a convolution's until the training images replace them, so a network built without data still computes something.
    return [
      { name: 'weights', shape: [filters, featureCount(inShape), k, k], init: 'fan', role: 'fixed' },
      { name: 'bias', shape: [filters], init: 'zeros', role: 'trained' },
    ];
  },
  formula: (spec, inShape) => {
    const k = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
    const c = featureCount(inShape);
    const filters = whiteningFilters(spec, inShape);
    return `${k}×${k}×${c}×${filters} = ${k * k * c * filters} fixed (from the training images) + ${filters} = ${filters} trained`;
  },
  flops: (spec, inShape, outShape) => {
    const k = spec.kernelSize ?? PATCH_WHITENING_DEFAULTS.kernelSize;
    return 2 * k * k * featureCount(inShape) * shapeSize(outShape);
  },
};
