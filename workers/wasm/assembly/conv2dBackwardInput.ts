// dx = the transpose of conv2d with respect to x. Written as a stride-1
// convolution so it runs on the same tiles as the forward pass: spread dy out
// (by the stride) into a zero image padded by kernel−1−padding, and convolve it
// with the filters flipped in space and transposed in channels,
//   dx[c, y, x] = Σ_{o,p,q} w[o, c, kh−1−p, kw−1−q] · spread[o, y + p, x + q].
// No col2im scatter and no atomics.

import { floatBytes } from './scratch';
import { phaseExtent, phaseImageBytes, placeImage, writeTapOffsets } from './paddedImage';
import { convolvePaddedImage, packFilterRows, PARTIAL_TILE_BYTES } from './tiledConvolution';
import { winogradConvolution, winogradConvolutionScratchBytes, winogradFilterBytes } from './winogradConvolution';
import { winogradApplies } from './winogradLayout';

export function conv2dBackwardInputScratchBytes(inChannels: i32, inHeight: i32, inWidth: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32): usize {
  // Stride 1: the same convolution run forward by Winograd (dy's channels in, x's out).
  if (winogradApplies(outChannels, inChannels, kernelH, kernelW, stride)) {
    return winogradConvolutionScratchBytes(outChannels, inChannels, kernelH, inHeight, inWidth);
  }
  const kCount = outChannels * kernelH * kernelW;
  const spreadRows = phaseExtent(inHeight, kernelH, 1);
  const spreadColumns = phaseExtent(inWidth, kernelW, 1);
  return 2 * floatBytes(inChannels * kCount) + floatBytes(kCount) + floatBytes(inChannels) + phaseImageBytes(outChannels, 1, spreadRows, spreadColumns) + PARTIAL_TILE_BYTES;
}

function flipAndTranspose(w: usize, inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, flipped: usize): void {
  for (let c = 0; c < inChannels; c++) {
    for (let o = 0; o < outChannels; o++) {
      for (let p = 0; p < kernelH; p++) {
        for (let q = 0; q < kernelW; q++) {
          const from = ((o * inChannels + c) * kernelH + (kernelH - 1 - p)) * kernelW + (kernelW - 1 - q);
          store<f32>(flipped, load<f32>(w + ((<usize>from) << 2)));
          flipped += 4;
        }
      }
    }
  }
}

/** Bytes a caller keeps for the input gradient's transformed (flipped, transposed) filters across calls; 0 where they are not transformed. */
export function conv2dBackwardInputKeptFilterBytes(inChannels: i32, inHeight: i32, inWidth: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32): usize {
  return winogradApplies(outChannels, inChannels, kernelH, kernelW, stride) ? winogradFilterBytes(outChannels, inChannels, kernelH, inHeight, inWidth) : 0;
}

/** `keptFilters`/`keptCurrent`: see winogradConvolution; the direct kernels ignore them. */
export function conv2dBackwardInput(
  dy: usize,
  w: usize,
  dx: usize,
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
  scratch: usize,
  keptFilters: usize,
  keptCurrent: bool,
): void {
  if (winogradApplies(outChannels, inChannels, kernelH, kernelW, stride)) {
    // The filters are flipped and transposed as they are transformed.
    winogradConvolution(
      dy, w, true, 0, false, dx, batch, outChannels, outHeight, outWidth, inChannels,
      kernelH, kernelH - 1 - padding, inHeight, inWidth, false, scratch, keptFilters, keptCurrent,
    );
    return;
  }
  const kCount = outChannels * kernelH * kernelW;
  const spreadRows = phaseExtent(inHeight, kernelH, 1);
  const spreadColumns = phaseExtent(inWidth, kernelW, 1);
  const spreadBytes = phaseImageBytes(outChannels, 1, spreadRows, spreadColumns);
  const flipped = scratch;
  const packedFilters = flipped + floatBytes(inChannels * kCount);
  const kOffsets = packedFilters + floatBytes(inChannels * kCount);
  const zeroBias = kOffsets + floatBytes(kCount);
  const spread = zeroBias + floatBytes(inChannels);
  const partialTile = spread + spreadBytes;

  flipAndTranspose(w, inChannels, outChannels, kernelH, kernelW, flipped);
  packFilterRows(flipped, inChannels, kCount, packedFilters);
  writeTapOffsets(outChannels, kernelH, kernelW, 1, spreadRows, spreadColumns, kOffsets);
  memory.fill(zeroBias, 0, (<usize>inChannels) << 2);
  // Zeroed once: every image fills the same positions, the rest stays 0.
  memory.fill(spread, 0, spreadBytes);
  const dyBytes = (<usize>(outChannels * outHeight * outWidth)) << 2;
  const dxBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  for (let n = 0; n < batch; n++) {
    placeImage(
      dy + <usize>n * dyBytes, outChannels, outHeight, outWidth,
      stride, kernelH - 1 - padding, kernelW - 1 - padding, spreadRows, spreadColumns, spread,
    );
    convolvePaddedImage(
      packedFilters, kOffsets, kCount, inChannels,
      spread, (<usize>spreadColumns) << 2, inHeight, inWidth,
      zeroBias, false, dx + <usize>n * dxBytes, partialTile,
    );
  }
}
