// Which side of every kink the network is on: the sign of each ReLU input and
// the winner of each max-pool window. Finite differences are only valid for
// perturbations that leave this pattern unchanged.

import { shapeSize } from '../../common/arch/spec.js';
import type { Layer } from '../layers/layer.js';
import { MaxPool2dLayer } from '../layers/maxPool2d.js';

function snapshot(layer: Layer, batch: number): Int32Array | null {
  const length = batch * shapeSize(layer.outShape);
  if (layer instanceof MaxPool2dLayer) return layer.argmax.slice(0, length);
  if (layer.type === 'relu') return Int32Array.from(layer.output.subarray(0, length), (y) => (y > 0 ? 1 : 0));
  return null;
}

export class ActivationPattern {
  private readonly base: (Int32Array | null)[];

  constructor(
    private readonly layers: readonly Layer[],
    private readonly batch: number,
  ) {
    this.base = layers.map((layer) => snapshot(layer, batch));
  }

  /** True when layers from `first` on are on the same side of every kink as at construction. */
  matches(first = 0): boolean {
    for (let i = first; i < this.layers.length; i++) {
      const base = this.base[i];
      if (!base) continue;
      const now = snapshot(this.layers[i], this.batch) as Int32Array;
      for (let k = 0; k < base.length; k++) if (now[k] !== base[k]) return false;
    }
    return true;
  }
}
