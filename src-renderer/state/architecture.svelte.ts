// The architecture being designed, with undo/redo. Every edit is a pure
// function of the previous spec (architectureEdits.ts); the analysis (shapes,
// parameter formulas, FLOPs, errors) is derived locally from the shared
// analyzer, so the editor answers on every keystroke without a round trip.

import { analyzeArchitecture, type ArchitectureAnalysis } from '../../common/arch/analyze.js';
import type { ArchitectureSpec, LayerType, Shape3 } from '../../common/arch/spec.js';
import {
  insertLayer,
  moveLayer,
  newLayer,
  removeLayer,
  renameArchitecture,
  setInputShape,
  setLayerField,
  withLayerIds,
} from './architectureEdits.js';
import { record, redo, startHistory, undo, type History } from './history.js';

let layerCounter = 0;
const makeLayerId = () => `layer-${++layerCounter}`;

export class ArchitectureState {
  #history = $state.raw<History<ArchitectureSpec> | null>(null);
  /** Classes of the chosen dataset: the loss must receive exactly this many scores. */
  numClasses = $state<number | undefined>(undefined);

  readonly spec = $derived(this.#history?.present ?? null);
  readonly analysis = $derived<ArchitectureAnalysis | null>(
    this.spec ? analyzeArchitecture(this.spec, { numClasses: this.numClasses }) : null,
  );
  readonly canUndo = $derived((this.#history?.past.length ?? 0) > 0);
  readonly canRedo = $derived((this.#history?.future.length ?? 0) > 0);

  /** Starts a fresh undo history at this network (the autosaved one after a reload). */
  reset(spec: ArchitectureSpec): void {
    this.#history = startHistory(withLayerIds(structuredClone(spec), makeLayerId));
  }

  /** Replaces the whole network (preset or file); undoable like any edit. */
  load(spec: ArchitectureSpec): void {
    const withIds = withLayerIds(structuredClone(spec), makeLayerId);
    this.#history = this.#history ? record(this.#history, withIds) : startHistory(withIds);
  }

  #edit(change: (spec: ArchitectureSpec) => ArchitectureSpec, mergeKey: string | null = null): void {
    if (!this.#history) return;
    this.#history = record(this.#history, change(this.#history.present), mergeKey);
  }

  /** Adds a layer (before the pinned loss when `index` is past it) and returns its id. */
  addLayer(type: LayerType, index = Number.POSITIVE_INFINITY): string {
    const id = makeLayerId();
    this.#edit((spec) => insertLayer(spec, Number.isFinite(index) ? index : spec.layers.length, newLayer(type, id)));
    return id;
  }

  removeLayer(index: number): void {
    this.#edit((spec) => removeLayer(spec, index));
  }

  moveLayer(from: number, to: number): void {
    this.#edit((spec) => moveLayer(spec, from, to));
  }

  /** Typing into one field of one layer is a single undo step. */
  setField(index: number, field: string, value: number | string | undefined): void {
    const id = this.spec?.layers[index]?.id ?? String(index);
    this.#edit((spec) => setLayerField(spec, index, field, value), `${id}.${field}`);
  }

  rename(name: string): void {
    this.#edit((spec) => renameArchitecture(spec, name), 'name');
  }

  setInput(input: Shape3): void {
    this.#edit((spec) => setInputShape(spec, input), 'input');
  }

  undo(): void {
    if (this.#history) this.#history = undo(this.#history);
  }

  redo(): void {
    if (this.#history) this.#history = redo(this.#history);
  }
}
