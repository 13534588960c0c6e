// Every layer's activations for one image, scaled to bytes per map so a
// page can draw them as image grids (as ConvNetJS's demos do). Each map gets
// its own range: a map that is nearly flat still shows its pattern, and the
// range travels with it so nothing is hidden about the scale.

import { MAX_MAPS_PER_LAYER, type FeatureMapLayer } from '../../common/insight.js';
import type { Network } from '../network.js';

/** btoa over a byte array, in slices so String.fromCharCode never sees too many arguments. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Bytes of one map scaled from its minimum to its maximum (all 0 for a constant map), with that range. */
function scaleMap(values: ArrayLike<number>, start: number, length: number, out: Uint8Array, outStart: number): [number, number] {
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let k = 0; k < length; k++) {
    const v = values[start + k];
    if (v < minimum) minimum = v;
    if (v > maximum) maximum = v;
  }
  const span = maximum - minimum;
  for (let k = 0; k < length; k++) out[outStart + k] = span > 0 ? Math.round(((values[start + k] - minimum) / span) * 255) : 0;
  return [minimum, maximum];
}

/**
 * The activations of image `image` of the network's last forward pass, layer
 * by layer (the loss head excluded: its probabilities are reported apart).
 */
export function extractFeatureMaps(net: Network, image = 0): FeatureMapLayer[] {
  return net.layers.map((layer, position) => {
    const shape = layer.outShape;
    const [channels, height, width] = shape.kind === 'map' ? [shape.channels, shape.height, shape.width] : [shape.units, 1, 1];
    const size = channels * height * width;
    const base = image * size;
    const vector = shape.kind === 'vector';
    const shown = vector ? channels : Math.min(channels, MAX_MAPS_PER_LAYER);
    const mapLength = vector ? channels : height * width;
    const maps = vector ? 1 : shown;
    const bytes = new Uint8Array(maps * mapLength);
    const minimum: number[] = [];
    const maximum: number[] = [];
    for (let m = 0; m < maps; m++) {
      const [low, high] = scaleMap(layer.output, base + m * mapLength, mapLength, bytes, m * mapLength);
      minimum.push(low);
      maximum.push(high);
    }
    return {
      // The network has one layer per architecture entry before the loss, in order.
      index: position,
      name: layer.name,
      type: layer.type,
      channels,
      height,
      width,
      shown,
      base64: encodeBase64(bytes),
      minimum,
      maximum,
    };
  });
}
