// What the workbench shows about the inside of a trained network: every
// layer's activations for one test image, where the network looks
// (saliency), how the first-layer filters changed epoch by epoch, and the
// float64 gradient check of an architecture being designed. Plain JSON: these
// cross the IPC and WebSocket carriers unchanged.

import type { ArchitectureSpec, LayerType } from './arch/spec.js';
import type { FilterBank, ImagePixels } from './runs.js';

/** Feature maps shown per layer: past this many channels the rest are counted, not drawn. */
export const MAX_MAPS_PER_LAYER = 64;

/** One layer's output for the inspected image. */
export interface FeatureMapLayer {
  /** Position in the architecture's layer list. */
  index: number;
  /** `conv2d#0`. */
  name: string;
  type: LayerType;
  /** Output maps (units for a vector layer, which has height = width = 1). */
  channels: number;
  height: number;
  width: number;
  /** The first `shown` maps are in `base64`; min(channels, MAX_MAPS_PER_LAYER). */
  shown: number;
  /**
   * uint8 per value, shown × height × width, each map scaled from its own
   * minimum (0) to its maximum (255) so faint maps stay visible; base64.
   * A vector layer is one map of 1 × units instead.
   */
  base64: string;
  /** Per drawn map, the activation values that 0 and 255 stand for. */
  minimum: number[];
  maximum: number[];
}

/** Which test image, what it is and what the network says. */
export interface InspectedImage {
  runId: number;
  testIndex: number;
  trueLabel: number;
  predictedLabel: number;
  probabilities: number[];
  pixels: ImagePixels;
}

export interface FeatureMaps extends InspectedImage {
  layers: FeatureMapLayer[];
}

/** A per-pixel map over the input image, row-major height × width. */
export interface PixelMap {
  height: number;
  width: number;
  values: number[];
}

/** Where the score of one class comes from. */
export interface ClassSaliency {
  classIndex: number;
  /** max over channels of |∂score/∂x| (Simonyan et al.'s saliency map). */
  gradient: PixelMap;
  /** Σ over channels of x·∂score/∂x: signed, positive where a pixel pushes the score up. */
  gradientTimesInput: PixelMap;
}

export interface Saliency extends InspectedImage {
  /** The class score is the softmax's input of that class: its logit times the loss's logit scale. */
  predicted: ClassSaliency;
  truth: ClassSaliency;
  /**
   * How much the true class's probability drops when a patch (set to the
   * training mean) hides each part of the image, averaged over every patch
   * position that covers the pixel. Positive: hiding it hurts.
   */
  occlusion: PixelMap & { patch: number; stride: number };
}

/** The first-layer filters at one point of training; epoch 0 is the seeded initialisation. */
export interface FilterFrame {
  epoch: number;
  bank: FilterBank;
}

export interface FilterEvolution {
  runId: number;
  frames: FilterFrame[];
  /** Why epochs are missing (runs stored before per-epoch filters were kept), or null. */
  note: string | null;
}

export interface GradientCheckRequest {
  architecture: ArchitectureSpec;
  /** Classes of the chosen dataset; the last layer's units when omitted. */
  numClasses?: number;
}

/** One layer checked on its own: every parameter and every input coordinate against finite differences. */
export interface LayerGradientCheck {
  /** Position in the architecture (the loss head is the last). */
  index: number;
  name: string;
  type: LayerType;
  /** Largest relative error over the layer's tensors. */
  maxRelError: number;
  coordinates: number;
  skippedAtKinks: number;
  pass: boolean;
}

export interface GradientCheckReport {
  ok: boolean;
  /** A layer passes when its largest relative error stays below this. */
  tolerance: number;
  /** The architecture as checked: at most 3 filters and 4 hidden units per layer, on the smallest input that fits. */
  reducedInput: { channels: number; height: number; width: number };
  layers: LayerGradientCheck[];
  /** The whole reduced network end to end (mean cross-entropy of a batch of 2, every parameter and pixel). */
  network: Omit<LayerGradientCheck, 'index' | 'type'>;
  durationMs: number;
}
