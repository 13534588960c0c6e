// Messages between the main process and the insight worker, which computes
// on demand what the run and design pages show about a network's inside, so
// the main process only ever moves messages.

import type { ArchitectureSpec } from '../../common/arch/spec.js';
import type { ChannelStats } from '../../common/imageBatch.js';
import type { ClassSaliency, FeatureMapLayer, GradientCheckReport, GradientCheckRequest, PixelMap } from '../../common/insight.js';
import type { FilterBank } from '../../common/runs.js';

/** One test image of a stored run, with everything needed to run the network on it. */
export interface ImageJob {
  /** Identifies the weights (run id and what was stored), so the worker rebuilds the network only when they change. */
  weightsKey: string;
  architecture: ArchitectureSpec;
  numClasses: number;
  weights: Float32Array;
  /** The training split's channel statistics: the image is normalised as training saw it. */
  stats: ChannelStats;
  /** uint8 CHW. */
  pixels: Uint8Array;
  trueLabel: number;
}

export type InsightRequest =
  | { id: number; kind: 'featureMaps'; job: ImageJob }
  | { id: number; kind: 'saliency'; job: ImageJob }
  | { id: number; kind: 'channelStats'; images: Uint8Array; imageCount: number; channels: number; indices: Uint32Array }
  | { id: number; kind: 'initialFilters'; architecture: ArchitectureSpec; numClasses: number; seed: number }
  | { id: number; kind: 'gradientCheck'; request: GradientCheckRequest };

export interface FeatureMapsResult {
  probabilities: number[];
  predictedLabel: number;
  layers: FeatureMapLayer[];
}

export interface SaliencyResult {
  probabilities: number[];
  predictedLabel: number;
  predicted: ClassSaliency;
  truth: ClassSaliency;
  occlusion: PixelMap & { patch: number; stride: number };
}

export interface InsightResults {
  featureMaps: FeatureMapsResult;
  saliency: SaliencyResult;
  channelStats: ChannelStats;
  initialFilters: FilterBank | null;
  gradientCheck: GradientCheckReport;
}

export type InsightReply = { id: number; result: unknown } | { id: number; error: string };
