// The WebAssembly kernels trust their geometry: a negative or fractional size
// would send them outside their arrays, into memory other workers use. These
// checks run before every call and name the kernel and the field at fault.

import type { ChannelGeometry, Conv2dGeometry, DenseGeometry, Pool2dGeometry } from '../backend.js';

function requireCounts<G extends object>(kernel: string, g: G, positive: ReadonlyArray<keyof G>): void {
  for (const [field, value] of Object.entries(g)) {
    const least = positive.includes(field as keyof G) ? 1 : 0;
    if (!Number.isInteger(value) || value < least || value > 0x3fffffff) {
      throw new RangeError(`${kernel}: geometry field ${field} is ${value}, expected an integer ≥ ${least}`);
    }
  }
}

export function checkConvGeometry(kernel: string, g: Conv2dGeometry): void {
  requireCounts(kernel, g, ['kernelH', 'kernelW', 'stride']);
}

export function checkPoolGeometry(kernel: string, g: Pool2dGeometry): void {
  requireCounts(kernel, g, ['size', 'stride']);
  const lastRow = (g.outHeight - 1) * g.stride + g.size;
  const lastColumn = (g.outWidth - 1) * g.stride + g.size;
  if (g.outHeight > 0 && g.outWidth > 0 && (lastRow > g.inHeight || lastColumn > g.inWidth)) {
    throw new RangeError(
      `${kernel}: a ${g.outHeight}×${g.outWidth} output of ${g.size}×${g.size} windows at stride ${g.stride} does not fit a ${g.inHeight}×${g.inWidth} input`,
    );
  }
}

export function checkDenseGeometry(kernel: string, g: DenseGeometry): void {
  requireCounts(kernel, g, []);
}

export function checkLength(kernel: string, length: number): void {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`${kernel}: length is ${length}, expected an integer ≥ 0`);
}

export function checkChannelGeometry(kernel: string, g: ChannelGeometry): void {
  requireCounts(kernel, g, []);
}
