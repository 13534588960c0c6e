// y = conv(x, w) + b, optionally followed by ReLU, one image at a time: copy the
// image into the padded phase layout (paddedImage.ts), then run the tiles
// straight over it. No im2col matrix: the tap offset table plays its part.

import { floatBytes } from './scratch';
import { phaseExtent, phaseImageBytes, splitPhases, writeTapOffsets } from './paddedImage';
import { convolvePaddedImage, packFilterRows, PARTIAL_TILE_BYTES } from './tiledConvolution';
import { winogradConvolution, winogradConvolutionScratchBytes, winogradFilterBytes } from './winogradConvolution';
import { winogradApplies } from './winogradLayout';

export function conv2dScratchBytes(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32, outHeight: i32, outWidth: i32): usize {
  if (winogradApplies(inChannels, outChannels, kernelH, kernelW, stride)) {
    return winogradConvolutionScratchBytes(inChannels, outChannels, kernelH, outHeight, outWidth);
  }
  const kCount = inChannels * kernelH * kernelW;
  const phaseRows = phaseExtent(outHeight, kernelH, stride);
  const phaseColumns = phaseExtent(outWidth, kernelW, stride);
  return floatBytes(outChannels * kCount) + floatBytes(kCount) + phaseImageBytes(inChannels, stride, phaseRows, phaseColumns) + PARTIAL_TILE_BYTES;
}

/** Bytes a caller keeps for conv2d's transformed filters across calls (keptFilters below); 0 where the convolution does not transform them. */
export function conv2dKeptFilterBytes(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32, outHeight: i32, outWidth: i32): usize {
  return winogradApplies(inChannels, outChannels, kernelH, kernelW, stride) ? winogradFilterBytes(inChannels, outChannels, kernelH, outHeight, outWidth) : 0;
}

/** `keptFilters`/`keptCurrent`: see winogradConvolution; the direct kernels ignore them. */
export function conv2d(
  x: usize,
  w: usize,
  b: usize,
  y: usize,
  batch: i32,
  inChannels: i32,
  inHeight: i32,
  inWidth: i32,
  outChannels: i32,
  kernelH: i32,
  kernelW: i32,
  stride: i32,
  padding: i32,
  outHeight: i32,
  outWidth: i32,
  relu: bool,
  scratch: usize,
  keptFilters: usize,
  keptCurrent: bool,
): void {
  if (winogradApplies(inChannels, outChannels, kernelH, kernelW, stride)) {
    winogradConvolution(x, w, false, b, true, y, batch, inChannels, inHeight, inWidth, outChannels, kernelH, padding, outHeight, outWidth, relu, scratch, keptFilters, keptCurrent);
    return;
  }
  const kCount = inChannels * kernelH * kernelW;
  const phaseRows = phaseExtent(outHeight, kernelH, stride);
  const phaseColumns = phaseExtent(outWidth, kernelW, stride);
  const packedFilters = scratch;
  const kOffsets = packedFilters + floatBytes(outChannels * kCount);
  const padded = kOffsets + floatBytes(kCount);
  const partialTile = padded + phaseImageBytes(inChannels, stride, phaseRows, phaseColumns);

  packFilterRows(w, outChannels, kCount, packedFilters);
  writeTapOffsets(inChannels, kernelH, kernelW, stride, phaseRows, phaseColumns, kOffsets);
  // Zeroed once: every image writes the same interior positions, the padding stays 0.
  memory.fill(padded, 0, phaseImageBytes(inChannels, stride, phaseRows, phaseColumns));
  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const outBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  for (let n = 0; n < batch; n++) {
    splitPhases(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, padding, stride, phaseRows, phaseColumns, padded);
    convolvePaddedImage(
      packedFilters, kOffsets, kCount, outChannels,
      padded, (<usize>phaseColumns) << 2, outHeight, outWidth,
      b, relu, y + <usize>n * outBytes, partialTile,
    );
  }
}
