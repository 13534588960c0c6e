// Everything the editor, the engine and the CLI want to know about an
// architecture in one call: shapes, parameter formulas, FLOPs and errors.

import { layerCost, totalFlops, totalParams, type LayerCost } from './params.js';
import { LIMITS } from './schema.js';
import { inferShapes, type ArchitectureError, type LayerShapeInfo, type ShapeOptions } from './shapes.js';
import type { ArchitectureSpec } from './spec.js';
import { findValidationIssues } from './validate.js';

export interface LayerAnalysis extends LayerShapeInfo, LayerCost {}

export interface ArchitectureAnalysis {
  /** Layers up to the first error (all of them when valid). */
  layers: LayerAnalysis[];
  errors: ArchitectureError[];
  totalParams: number;
  /** Trained parameters, stored statistics and fixed values: the length of the engine's flat weight buffer. */
  totalValues: number;
  /** Forward FLOPs per image. */
  totalFlops: number;
  valid: boolean;
}

function fieldOf(path: string): string | null {
  const match = /^layers\[\d+\]\.(\w+)/.exec(path);
  return match ? match[1] : path.includes('[') ? null : path;
}

export function analyzeArchitecture(json: unknown, options: ShapeOptions = {}): ArchitectureAnalysis {
  const issues = findValidationIssues(json);
  if (issues.length > 0) {
    const errors = issues.map((issue) => ({ layerIndex: issue.layerIndex, field: fieldOf(issue.path), message: `${issue.path}: ${issue.message}` }));
    return { layers: [], errors, totalParams: 0, totalValues: 0, totalFlops: 0, valid: false };
  }
  const spec = json as ArchitectureSpec;
  const shapes = inferShapes(spec, options);
  const layers = shapes.layers.map((info) => ({ ...info, ...layerCost(spec.layers[info.index], info) }));
  const errors = [...shapes.errors];
  let running = 0;
  for (const layer of layers) {
    running += layer.params;
    if (running > LIMITS.maxParameters && errors.length === 0) {
      errors.push({
        layerIndex: layer.index,
        field: null,
        message: `too many parameters for memory: ${running.toLocaleString('en-US')} at this layer (the limit is ${LIMITS.maxParameters.toLocaleString('en-US')})`,
      });
    }
  }
  const params = totalParams(layers);
  const values = params + layers.reduce((sum, layer) => sum + layer.statistics + layer.fixed, 0);
  return { layers, errors, totalParams: params, totalValues: values, totalFlops: totalFlops(layers), valid: errors.length === 0 };
}

/** One sentence per error, naming the layer by position (1-based) and type: `layer 4 (conv2d): …`. */
export function describeArchitectureErrors(spec: { layers?: { type?: string }[] }, errors: ArchitectureError[]): string {
  return errors
    .map((e) => {
      if (e.layerIndex === null) return e.message;
      const layer = spec.layers?.[e.layerIndex];
      return `layer ${e.layerIndex + 1} (${layer?.type ?? 'unknown'}): ${e.message}`;
    })
    .join('; ');
}
