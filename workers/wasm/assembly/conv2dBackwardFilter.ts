// dw[o,c,p,q] = Σ_{n,i,j} dy[n,o,i,j] · x[n,c,i·s+p−pad, j·s+q−pad],  db[o] = Σ dy[n,o,·,·].
// A reduction over every output pixel with a small result (outC × inC·kh·kw),
// so the tiles keep a transposed gradient acc[k][o] in scratch and add each
// image's contribution to it: x comes from the same phase layout as the forward
// pass, dy is transposed per image so that 8 output channels are one row.

import { floatBytes } from './scratch';
import { filterGradientTile } from './filterGradientTile';
import { sumLanes } from './multiplyAdd';
import { phaseExtent, phaseImageBytes, splitPhases, tapRowOffset } from './paddedImage';
import { blockCount, rowsOfNextBlock, TILE_COLUMNS } from './tileShape';

/** Output channels rounded up to whole vectors; the extra lanes of dyT stay zero. */
@inline
function channelLanes(outChannels: i32): i32 {
  return (outChannels + 3) & ~3;
}

export function conv2dBackwardFilterScratchBytes(inChannels: i32, outChannels: i32, kernelH: i32, kernelW: i32, stride: i32, outHeight: i32, outWidth: i32): usize {
  const lanes = channelLanes(outChannels);
  const phaseRows = phaseExtent(outHeight, kernelH, stride);
  const phaseColumns = phaseExtent(outWidth, kernelW, stride);
  return floatBytes(inChannels * kernelH * kernelW * lanes) + floatBytes(outHeight * outWidth * lanes) + phaseImageBytes(inChannels, stride, phaseRows, phaseColumns);
}

// dyT[t][o] = dy[o][t], in 4×4 blocks of four vector loads, eight shuffles and
// four stores; the ragged edges element by element. With few filter taps (a
// first layer's 5×5×1) this costs about as much as the tiles, so it is vectorised.
function transposeImage(dy: usize, channels: i32, pixels: i32, lanes: i32, dyT: usize): void {
  const laneBytes = (<usize>lanes) << 2;
  const planeBytes = (<usize>pixels) << 2;
  const channelEnd = channels & ~3;
  const pixelEnd = pixels & ~3;
  for (let o = 0; o < channelEnd; o += 4) {
    const plane = dy + <usize>o * planeBytes;
    for (let t = 0; t < pixelEnd; t += 4) {
      const from = plane + ((<usize>t) << 2);
      const r0 = v128.load(from);
      const r1 = v128.load(from + planeBytes);
      const r2 = v128.load(from + 2 * planeBytes);
      const r3 = v128.load(from + 3 * planeBytes);
      const low01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const low23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const high01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const high23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const to = dyT + <usize>t * laneBytes + ((<usize>o) << 2);
      v128.store(to, v128.shuffle<f32>(low01, low23, 0, 1, 4, 5));
      v128.store(to + laneBytes, v128.shuffle<f32>(low01, low23, 2, 3, 6, 7));
      v128.store(to + 2 * laneBytes, v128.shuffle<f32>(high01, high23, 0, 1, 4, 5));
      v128.store(to + 3 * laneBytes, v128.shuffle<f32>(high01, high23, 2, 3, 6, 7));
    }
  }
  for (let o = 0; o < channels; o++) {
    const firstPixel = o < channelEnd ? pixelEnd : 0;
    for (let t = firstPixel; t < pixels; t++) {
      store<f32>(dyT + <usize>t * laneBytes + ((<usize>o) << 2), load<f32>(dy + <usize>o * planeBytes + ((<usize>t) << 2)));
    }
  }
}

function sumPlane(plane: usize, count: i32): f32 {
  let acc = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= count; k += 4) acc = f32x4.add(acc, v128.load(plane + ((<usize>k) << 2)));
  let sum = sumLanes(acc);
  for (; k < count; k++) sum += load<f32>(plane + ((<usize>k) << 2));
  return sum;
}

export function conv2dBackwardFilter(
  x: usize,
  dy: usize,
  dw: usize,
  db: usize,
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
): void {
  const kCount = inChannels * kernelH * kernelW;
  const lanes = channelLanes(outChannels);
  const pixels = outHeight * outWidth;
  const phaseRows = phaseExtent(outHeight, kernelH, stride);
  const phaseColumns = phaseExtent(outWidth, kernelW, stride);
  const acc = scratch;
  const dyT = acc + floatBytes(kCount * lanes);
  const padded = dyT + floatBytes(pixels * lanes);
  memory.fill(acc, 0, floatBytes(kCount * lanes));
  memory.fill(dyT, 0, floatBytes(pixels * lanes));
  memory.fill(padded, 0, phaseImageBytes(inChannels, stride, phaseRows, phaseColumns));
  memory.fill(db, 0, (<usize>outChannels) << 2);

  const laneBytes = (<usize>lanes) << 2;
  const imageBytes = (<usize>(inChannels * inHeight * inWidth)) << 2;
  const dyBytes = (<usize>(outChannels * pixels)) << 2;
  for (let n = 0; n < batch; n++) {
    const dyImage = dy + <usize>n * dyBytes;
    splitPhases(x + <usize>n * imageBytes, inChannels, inHeight, inWidth, padding, stride, phaseRows, phaseColumns, padded);
    transposeImage(dyImage, outChannels, pixels, lanes, dyT);
    for (let o = 0; o < outChannels; o++) {
      const at = db + ((<usize>o) << 2);
      store<f32>(at, load<f32>(at) + sumPlane(dyImage + ((<usize>(o * pixels)) << 2), pixels));
    }
    for (let c = 0; c < inChannels; c++) {
      for (let p = 0; p < kernelH; p++) {
        // Taps b, b+s, b+2s, … of this filter row share a phase and sit side by side in it.
        for (let b = 0; b < min(stride, kernelW); b++) {
          const taps = (kernelW - b + stride - 1) / stride;
          const blocks = blockCount(taps);
          let first = 0;
          for (let block = 0; block < blocks; block++) {
            const rows = rowsOfNextBlock(taps - first, blocks - block);
            const tapPixels = padded + tapRowOffset(c, p, b, stride, phaseRows, phaseColumns) + ((<usize>first) << 2);
            const k = (c * kernelH + p) * kernelW + b + first * stride;
            const accRows = acc + <usize>k * laneBytes;
            // 8 channels per tile, and a narrow tile of 4 for a remainder (26 = 8+8+8+4, not 8+8+8+8).
            for (let o = 0; o < lanes; o += TILE_COLUMNS) {
              const laneOffset = (<usize>o) << 2;
              filterGradientTile(
                rows, o + TILE_COLUMNS <= lanes, tapPixels, (<usize>phaseColumns) << 2,
                dyT + laneOffset, laneBytes, outHeight, outWidth,
                accRows + laneOffset, <usize>stride * laneBytes,
              );
            }
            first += rows;
          }
        }
      }
    }
  }
  for (let o = 0; o < outChannels; o++) {
    for (let k = 0; k < kCount; k++) {
      store<f32>(dw + ((<usize>(o * kCount + k)) << 2), load<f32>(acc + <usize>k * laneBytes + ((<usize>o) << 2)));
    }
  }
}
