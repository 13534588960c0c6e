// Pure edits of an architecture spec: each returns a new spec and leaves the
// old one untouched, which is what makes undo/redo a list of snapshots.
// A trailing softmaxCrossEntropy loss stays pinned at the end: layers are
// inserted and moved only in the body before it.

import { LAYER_DEFINITIONS, LAYER_TYPES } from '../../common/arch/layerRegistry.js';
import type { ArchitectureSpec, LayerSpec, LayerType, Shape3 } from '../../common/arch/spec.js';

/** The layers the palette offers, in registry order (the loss is pinned, not offered). */
export const PALETTE: readonly LayerType[] = LAYER_TYPES.filter((type) => LAYER_DEFINITIONS[type].inPalette);

/** A freshly added layer with its type's starting values. */
export function newLayer(type: LayerType, id: string): LayerSpec {
  return { id, type, ...LAYER_DEFINITIONS[type].starting } as LayerSpec;
}

/** Number of layers before the pinned loss (all of them when there is no trailing loss). */
export function bodyLength(spec: ArchitectureSpec): number {
  const last = spec.layers[spec.layers.length - 1];
  return last?.type === 'softmaxCrossEntropy' ? spec.layers.length - 1 : spec.layers.length;
}

export function hasPinnedLoss(spec: ArchitectureSpec): boolean {
  return bodyLength(spec) < spec.layers.length;
}

/** Gives every layer without an id a fresh one, so the editor can key and drag them. */
export function withLayerIds(spec: ArchitectureSpec, makeId: () => string): ArchitectureSpec {
  if (spec.layers.every((layer) => typeof layer.id === 'string')) return spec;
  return { ...spec, layers: spec.layers.map((layer) => (typeof layer.id === 'string' ? layer : { ...layer, id: makeId() })) };
}

/** The spec as saved or sent to training: editor ids are the editor's business. */
export function withoutLayerIds(spec: ArchitectureSpec): ArchitectureSpec {
  return {
    ...spec,
    layers: spec.layers.map((layer) => {
      const copy: Record<string, unknown> = { ...layer };
      delete copy.id;
      return copy as unknown as LayerSpec;
    }),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Inserts at `index` (clamped into the body), or appends a loss after the body when none is pinned. */
export function insertLayer(spec: ArchitectureSpec, index: number, layer: LayerSpec): ArchitectureSpec {
  const at = layer.type === 'softmaxCrossEntropy' ? spec.layers.length : clamp(index, 0, bodyLength(spec));
  const layers = [...spec.layers];
  layers.splice(at, 0, layer);
  return { ...spec, layers };
}

export function removeLayer(spec: ArchitectureSpec, index: number): ArchitectureSpec {
  if (index < 0 || index >= spec.layers.length) return spec;
  return { ...spec, layers: spec.layers.filter((_, i) => i !== index) };
}

/** Moves the layer at `from` so that it ends up at index `to`, both within the body. */
export function moveLayer(spec: ArchitectureSpec, from: number, to: number): ArchitectureSpec {
  const body = bodyLength(spec);
  if (from < 0 || from >= body) return spec;
  const target = clamp(to, 0, body - 1);
  if (target === from) return spec;
  const layers = [...spec.layers];
  const [moved] = layers.splice(from, 1);
  layers.splice(target, 0, moved);
  return { ...spec, layers };
}

/**
 * Sets one numeric field; `undefined` removes it (optional fields then take
 * their default). Text that is not a number is stored as typed, so the
 * validator can say exactly what is wrong with it on the offending layer.
 */
export function setLayerField(spec: ArchitectureSpec, index: number, field: string, value: number | string | undefined): ArchitectureSpec {
  const layer = spec.layers[index];
  if (!layer || field === 'type' || field === 'id') return spec;
  const updated: Record<string, unknown> = { ...layer };
  if (value === undefined) delete updated[field];
  else updated[field] = value;
  const layers = [...spec.layers];
  layers[index] = updated as unknown as LayerSpec;
  return { ...spec, layers };
}

export function setInputShape(spec: ArchitectureSpec, input: Shape3): ArchitectureSpec {
  const same = spec.input.channels === input.channels && spec.input.height === input.height && spec.input.width === input.width;
  return same ? spec : { ...spec, input: { ...input } };
}

export function renameArchitecture(spec: ArchitectureSpec, name: string): ArchitectureSpec {
  return spec.name === name ? spec : { ...spec, name };
}
