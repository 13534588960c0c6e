// The design view's "check gradients": the architecture being edited, shrunk
// so that every coordinate can be checked in a few seconds, each layer
// checked on its own (every parameter and input coordinate against float64
// finite differences on the reference kernels), then the whole network end
// to end. Layers run as in training (dropout masks drawn, batch norm on the
// batch's statistics): that is the backward pass training uses.

import { isTrained } from '../../common/arch/layerDefinition.js';
import { definitionOf } from '../../common/arch/layerRegistry.js';
import { inferShapes, type ShapeInference } from '../../common/arch/shapes.js';
import { shapeSize, type ArchitectureSpec, type LayerSpec, type Shape, type Shape3 } from '../../common/arch/spec.js';
import type { GradientCheckReport, GradientCheckRequest, LayerGradientCheck } from '../../common/insight.js';
import { MAX_RELATIVE_ERROR, type GradientCheck } from '../gradcheck/finiteDifference.js';
import { checkLayer, checkSoftmaxCrossEntropy } from '../gradcheck/layerChecks.js';
import { checkNetwork } from '../gradcheck/networkChecks.js';

const MAX_FILTERS = 3;
const MAX_HIDDEN_UNITS = 4;
const INPUT_SIDES = [8, 12, 16, 24, 32, 48, 64];
const SEED = 1;

function describeErrors(spec: ArchitectureSpec, errors: { layerIndex: number | null; message: string }[]): string {
  const first = errors[0];
  const where = first.layerIndex === null ? 'the network' : `layer ${first.layerIndex + 1} (${spec.layers[first.layerIndex]?.type})`;
  return `architecture "${spec.name}" cannot be checked: ${where}: ${first.message}`;
}

/** Classes the network scores: the request's, else the size of what reaches the loss. */
function classCount(request: GradientCheckRequest): number {
  if (request.numClasses !== undefined) return request.numClasses;
  const shapes = inferShapes(request.architecture);
  if (shapes.errors.length > 0) throw new Error(describeErrors(request.architecture, shapes.errors));
  const hidden = shapes.layers.slice(0, -1);
  if (hidden.length === 0) throw new Error(`architecture "${request.architecture.name}" cannot be checked: it needs a layer before the loss`);
  return shapeSize(hidden[hidden.length - 1].outShape);
}

/** At most 3 filters and 4 units in hidden dense layers, on the smallest square input (from 8 up) the layers accept. */
export function reduceForCheck(spec: ArchitectureSpec, numClasses: number): ArchitectureSpec {
  const lastDense = spec.layers.map((layer) => layer.type).lastIndexOf('dense');
  const layers = spec.layers.map((layer, index): LayerSpec => {
    if (layer.type === 'conv2d') return { ...layer, filters: Math.min(layer.filters, MAX_FILTERS) };
    if (layer.type === 'dense' && index !== lastDense) return { ...layer, units: Math.min(layer.units, MAX_HIDDEN_UNITS) };
    return layer;
  });
  const original = Math.max(spec.input.height, spec.input.width);
  const sides = [...INPUT_SIDES.filter((side) => side < original), original];
  let lastErrors: ReturnType<typeof inferShapes>['errors'] = [];
  for (const side of sides) {
    const [height, width] = side === original ? [spec.input.height, spec.input.width] : [side, side];
    const reduced: ArchitectureSpec = { ...spec, name: `${spec.name} (reduced)`, input: { ...spec.input, height, width }, layers };
    lastErrors = inferShapes(reduced, { numClasses }).errors;
    if (lastErrors.length === 0) return reduced;
  }
  throw new Error(describeErrors(spec, lastErrors));
}

function asShape3(shape: Shape): Shape3 {
  return shape.kind === 'map' ? { channels: shape.channels, height: shape.height, width: shape.width } : { channels: shape.units, height: 1, width: 1 };
}

function summarize(checks: GradientCheck[]): Pick<LayerGradientCheck, 'maxRelError' | 'coordinates' | 'skippedAtKinks' | 'pass'> {
  const maxRelError = Math.max(0, ...checks.map((check) => check.maxRelError));
  const coordinates = checks.reduce((sum, check) => sum + check.coordinates, 0);
  const skippedAtKinks = checks.reduce((sum, check) => sum + check.skippedAtKinks, 0);
  return { maxRelError, coordinates, skippedAtKinks, pass: coordinates > 0 && maxRelError < MAX_RELATIVE_ERROR };
}

/**
 * Only trained tensors have gradients to check: batch norm's running
 * statistics are not differentiated (their "gradient" slot carries the
 * batch's statistics) and fixed tensors (patch whitening's filters) have
 * none, so any check of them is left out of the verdict.
 */
function withoutStatistics(checks: GradientCheck[], spec: ArchitectureSpec, shapes: ShapeInference): GradientCheck[] {
  const statistics = new Set(
    shapes.layers.slice(0, -1).flatMap((info) =>
      definitionOf(spec.layers[info.index])
        .paramShapes(spec.layers[info.index], info.inShape)
        .filter((param) => !isTrained(param))
        .map((param) => `${spec.name}/${info.type}#${info.index} ${param.name}`),
    ),
  );
  return checks.filter((check) => !statistics.has(`${check.layer} ${check.param}`));
}

export function checkArchitectureGradients(request: GradientCheckRequest): GradientCheckReport {
  const started = performance.now();
  const numClasses = classCount(request);
  const reduced = reduceForCheck(request.architecture, numClasses);
  const shapes = inferShapes(reduced, { numClasses });
  const hidden = shapes.layers.slice(0, -1);
  const layers: LayerGradientCheck[] = hidden.map((info) => {
    const name = `${info.type}#${info.index}`;
    const checks = checkLayer({ label: name, input: asShape3(info.inShape), batch: 2, layer: reduced.layers[info.index], training: true }, SEED);
    return { index: info.index, name, type: info.type, ...summarize(checks) };
  });
  const head = shapes.layers[shapes.layers.length - 1];
  layers.push({ index: head.index, name: `${head.type}#${head.index}`, type: head.type, ...summarize([checkSoftmaxCrossEntropy(SEED)]) });
  const network = { name: reduced.name, ...summarize(withoutStatistics(checkNetwork(reduced, { label: reduced.name, batch: 2, numClasses, seed: SEED }), reduced, shapes)) };
  return {
    ok: network.pass && layers.every((layer) => layer.pass),
    tolerance: MAX_RELATIVE_ERROR,
    reducedInput: reduced.input,
    layers,
    network,
    durationMs: performance.now() - started,
  };
}
