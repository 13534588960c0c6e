// The second moment of an image set's k×k patches, E[p·pᵀ] over every patch
// position of every image (stride 1, no padding), as airbench estimates it
// for its whitening filters: not mean-centred. A patch p is laid out as a
// convolution filter is, [channel][row][column], so the eigenvectors of this
// matrix are filters as they stand.
//
// Accumulated in float64: over 5,000 CIFAR-10 images (4.8 million patches)
// float32 sums came out with a negative smallest eigenvalue (−7.4e-4, where
// float64 gives +3.0e-4), and √(λ + ε) of it is NaN.

import type { Shape3 } from '../../common/arch/spec.js';

export class PatchCovariance {
  /** Length of a patch: C·k². */
  readonly size: number;
  private readonly sums: Float64Array;
  private readonly patch: Float64Array;
  private patchCount = 0;

  constructor(
    readonly image: Shape3,
    readonly kernelSize: number,
  ) {
    if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize > Math.min(image.height, image.width)) {
      throw new RangeError(`patch covariance: a ${kernelSize}×${kernelSize} patch does not fit ${image.height}×${image.width} images`);
    }
    this.size = image.channels * kernelSize * kernelSize;
    this.sums = new Float64Array(this.size * this.size);
    this.patch = new Float64Array(this.size);
  }

  get patches(): number {
    return this.patchCount;
  }

  /** Adds every patch of `count` images (NCHW, as the network reads them) to the sums, in image and position order. */
  add(images: ArrayLike<number>, count: number): void {
    const { channels, height, width } = this.image;
    const k = this.kernelSize;
    const d = this.size;
    const plane = height * width;
    const { sums, patch } = this;
    if (images.length < count * channels * plane) throw new RangeError(`patch covariance: ${images.length} values cannot hold ${count} images of ${channels}×${height}×${width}`);
    for (let n = 0; n < count; n++) {
      const base = n * channels * plane;
      for (let y = 0; y + k <= height; y++) {
        for (let x = 0; x + k <= width; x++) {
          let a = 0;
          for (let c = 0; c < channels; c++) {
            for (let i = 0; i < k; i++) {
              const row = base + c * plane + (y + i) * width + x;
              for (let j = 0; j < k; j++) patch[a++] = images[row + j];
            }
          }
          // The upper triangle only; covariance() mirrors it.
          for (let r = 0; r < d; r++) {
            const pr = patch[r];
            const offset = r * d;
            for (let s = r; s < d; s++) sums[offset + s] += pr * patch[s];
          }
          this.patchCount++;
        }
      }
    }
  }

  /** The symmetric d×d matrix of sums over the patch count (row-major); zero before any patch. */
  covariance(): Float64Array {
    const d = this.size;
    const out = new Float64Array(d * d);
    if (this.patchCount === 0) return out;
    for (let r = 0; r < d; r++) {
      for (let s = r; s < d; s++) {
        const value = this.sums[r * d + s] / this.patchCount;
        out[r * d + s] = value;
        out[s * d + r] = value;
      }
    }
    return out;
  }
}
