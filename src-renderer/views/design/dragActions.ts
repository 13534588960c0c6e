// Thin Svelte actions over the framework-free drag and drop in dragAndDrop.ts.

import type { Action } from 'svelte/action';
import { makeDragSource, makeDropZone, type DragPayload, type DropZoneOptions } from './dragAndDrop.js';

export const dragSource: Action<HTMLElement, DragPayload> = (node, initial) => {
  let payload = initial;
  const destroy = makeDragSource(node, () => payload);
  return {
    update(next: DragPayload) {
      payload = next;
    },
    destroy,
  };
};

export const dropZone: Action<HTMLElement, DropZoneOptions> = (node, options) => makeDropZone(node, options);
