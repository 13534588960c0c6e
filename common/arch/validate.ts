// Structural validation of architecture JSON against the versioned format and
// the layer schema table. Shape problems (sizes that do not work out) are the
// business of shapes.ts; this file answers "is this a well-formed document?".

import { describeValue } from '../describeValue.js';
import { isLayerType, LAYER_DEFINITIONS, LAYER_TYPES } from './layerRegistry.js';
import { LIMITS, type NumberField } from './schema.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from './spec.js';

export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `layers[2].kernelSize`. */
  path: string;
  layerIndex: number | null;
  message: string;
}

export class ArchitectureValidationError extends Error {
  constructor(
    readonly issues: ValidationIssue[],
    source?: string,
  ) {
    const where = source ? `${source}: ` : '';
    super(`${where}invalid architecture: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ArchitectureValidationError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNumber(value: unknown, field: NumberField, path: string, layerIndex: number | null): ValidationIssue | null {
  const bound = field.maxExclusive ? `below ${field.max}` : `at most ${field.max}`;
  const from = field.minExclusive ? `above ${field.min}` : `from ${field.min}`;
  const wanted = field.kind === 'integer' ? `an integer ${from}, ${bound}` : `a number ${from}, ${bound}`;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (field.kind === 'number' || Number.isInteger(value)) &&
    (field.minExclusive ? value > field.min : value >= field.min) &&
    (field.maxExclusive ? value < field.max : value <= field.max);
  return ok ? null : { path, layerIndex, message: `${field.label.toLowerCase()} must be ${wanted}, got ${describeValue(value)}` };
}

const INPUT_FIELDS: NumberField[] = [
  { name: 'channels', label: 'Channels', kind: 'integer', min: 1, max: LIMITS.maxInputChannels },
  { name: 'height', label: 'Height', kind: 'integer', min: 1, max: LIMITS.maxInputSide },
  { name: 'width', label: 'Width', kind: 'integer', min: 1, max: LIMITS.maxInputSide },
];

function validateLayer(raw: unknown, index: number, issues: ValidationIssue[]): void {
  const path = `layers[${index}]`;
  if (!isRecord(raw)) {
    issues.push({ path, layerIndex: index, message: `a layer must be an object, got ${describeValue(raw)}` });
    return;
  }
  const type = raw.type;
  if (!isLayerType(type)) {
    const given = typeof type === 'string' ? `"${type}"` : type === undefined ? 'missing' : describeValue(type);
    issues.push({
      path: `${path}.type`,
      layerIndex: index,
      message: `layer type ${given} is not one this app knows; use one of ${LAYER_TYPES.join(', ')}`,
    });
    return;
  }
  const schema = LAYER_DEFINITIONS[type];
  const known = new Set(['type', 'id', ...schema.fields.map((f) => f.name)]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ path: `${path}.${key}`, layerIndex: index, message: `${type} has no field "${key}"` });
  }
  if (raw.id !== undefined && typeof raw.id !== 'string') {
    issues.push({ path: `${path}.id`, layerIndex: index, message: `id must be a string, got ${describeValue(raw.id)}` });
  }
  for (const field of schema.fields) {
    const value = raw[field.name];
    if (value === undefined && field.optional) continue;
    const issue = checkNumber(value, field, `${path}.${field.name}`, index);
    if (issue) issues.push(issue);
  }
}

/** Returns every problem found (empty when the document is well formed). */
export function findValidationIssues(json: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(json)) return [{ path: '$', layerIndex: null, message: `an architecture must be a JSON object, got ${describeValue(json)}` }];
  if (json.format !== ARCHITECTURE_FORMAT) {
    issues.push({ path: 'format', layerIndex: null, message: `must be "${ARCHITECTURE_FORMAT}", got ${describeValue(json.format)}` });
  }
  if (json.version !== ARCHITECTURE_VERSION) {
    issues.push({
      path: 'version',
      layerIndex: null,
      message:
        json.version === undefined
          ? `is missing; this app reads version ${ARCHITECTURE_VERSION} (add "version": ${ARCHITECTURE_VERSION})`
          : `${describeValue(json.version)} is not a version this app reads; it reads version ${ARCHITECTURE_VERSION}`,
    });
  }
  if (typeof json.name !== 'string' || json.name.trim() === '' || json.name.length > 200) {
    issues.push({ path: 'name', layerIndex: null, message: `must be a non-empty string of at most 200 characters, got ${describeValue(json.name)}` });
  }
  if (!isRecord(json.input)) {
    issues.push({ path: 'input', layerIndex: null, message: 'missing input shape {channels, height, width}' });
  } else {
    for (const field of INPUT_FIELDS) {
      const issue = checkNumber(json.input[field.name], field, `input.${field.name}`, null);
      if (issue) issues.push(issue);
    }
  }
  if (!Array.isArray(json.layers)) {
    issues.push({ path: 'layers', layerIndex: null, message: `must be an array of layers, got ${describeValue(json.layers)}` });
  } else if (json.layers.length > LIMITS.maxLayers) {
    issues.push({ path: 'layers', layerIndex: null, message: `too many layers: ${json.layers.length} (at most ${LIMITS.maxLayers})` });
  } else {
    json.layers.forEach((layer, index) => validateLayer(layer, index, issues));
  }
  const known = new Set(['format', 'version', 'name', 'input', 'layers', 'description']);
  for (const key of Object.keys(json)) {
    if (!known.has(key)) issues.push({ path: key, layerIndex: null, message: `unknown field "${key}"` });
  }
  return issues;
}

/** Validates and returns the typed spec, or throws naming every problem (and the file, when given). */
export function validateArchitecture(json: unknown, source?: string): ArchitectureSpec {
  const issues = findValidationIssues(json);
  if (issues.length > 0) throw new ArchitectureValidationError(issues, source);
  return json as ArchitectureSpec;
}

/** Parses JSON text and validates it, with errors that name the source. */
export function parseArchitectureJson(text: string, source = 'architecture JSON'): ArchitectureSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ArchitectureValidationError([{ path: '$', layerIndex: null, message: `not valid JSON (${(error as Error).message})` }], source);
  }
  return validateArchitecture(json, source);
}
