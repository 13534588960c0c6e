// Drag and drop for the layer list, framework-free: palette items and layer
// cards are drag sources, the list is a drop zone that reports the gap the
// pointer is over. The Svelte side only wraps these in actions (dragActions.ts).
// What is being dragged is kept here as well as in the DataTransfer, because
// browsers hide DataTransfer contents until the drop.

import type { LayerType } from '../../../common/arch/spec.js';
import { gapIndex } from './dropPosition.js';

export type DragPayload = { kind: 'new'; layerType: LayerType } | { kind: 'existing'; index: number };

const MIME_TYPE = 'application/x-cnn-workbench-layer';

let dragged: DragPayload | null = null;

function parsePayload(text: string | undefined): DragPayload | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as DragPayload;
    return value.kind === 'new' || value.kind === 'existing' ? value : null;
  } catch {
    return null;
  }
}

export function makeDragSource(node: HTMLElement, payload: () => DragPayload): () => void {
  node.draggable = true;
  const start = (event: DragEvent) => {
    dragged = payload();
    event.dataTransfer?.setData(MIME_TYPE, JSON.stringify(dragged));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = dragged.kind === 'new' ? 'copy' : 'move';
    // A handle drags its whole card: show the card, not just the handle, under the pointer.
    const card = node.closest<HTMLElement>('[data-drag-image]');
    if (card && card !== node && event.dataTransfer) {
      const rect = card.getBoundingClientRect();
      event.dataTransfer.setDragImage(card, event.clientX - rect.left, event.clientY - rect.top);
    }
    node.classList.add('dragging');
  };
  const end = () => {
    dragged = null;
    node.classList.remove('dragging');
  };
  node.addEventListener('dragstart', start);
  node.addEventListener('dragend', end);
  return () => {
    node.removeEventListener('dragstart', start);
    node.removeEventListener('dragend', end);
  };
}

export interface DropZoneOptions {
  /** Selects the list's items, in order, within the zone. */
  itemSelector: string;
  /** The highest gap a drop may target (items after it, like a pinned loss, stay put). */
  maxGap: number;
  /** The gap under the pointer while dragging over the zone; null when the drag leaves. */
  onhover: (gap: number | null) => void;
  ondrop: (payload: DragPayload, gap: number) => void;
}

export function makeDropZone(node: HTMLElement, initial: DropZoneOptions): { update(options: DropZoneOptions): void; destroy(): void } {
  let options = initial;

  const gapAt = (pointerY: number) => {
    const items = Array.from(node.querySelectorAll<HTMLElement>(options.itemSelector));
    const midpoints = items.map((item) => {
      const rect = item.getBoundingClientRect();
      return rect.top + rect.height / 2;
    });
    return Math.min(gapIndex(midpoints, pointerY), options.maxGap);
  };

  const over = (event: DragEvent) => {
    if (!dragged && !event.dataTransfer?.types.includes(MIME_TYPE)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = dragged?.kind === 'existing' ? 'move' : 'copy';
    options.onhover(gapAt(event.clientY));
  };
  const leave = (event: DragEvent) => {
    if (!(event.relatedTarget instanceof Node) || !node.contains(event.relatedTarget)) options.onhover(null);
  };
  const drop = (event: DragEvent) => {
    const payload = dragged ?? parsePayload(event.dataTransfer?.getData(MIME_TYPE));
    options.onhover(null);
    if (!payload) return;
    event.preventDefault();
    dragged = null;
    options.ondrop(payload, gapAt(event.clientY));
  };

  node.addEventListener('dragover', over);
  node.addEventListener('dragleave', leave);
  node.addEventListener('drop', drop);
  return {
    update(next) {
      options = next;
    },
    destroy() {
      node.removeEventListener('dragover', over);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('drop', drop);
    },
  };
}
