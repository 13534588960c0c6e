// previewAugmentation: the first training images of a dataset before and
// after the augmentation a run with this seed would draw for them at its
// first step, for the Train view's strip. The dataset comes from the cache
// the runs use, so previewing does not read it twice.

import { ApiError } from '../../common/api/contract.js';
import {
  DEFAULT_PREVIEW_IMAGES,
  MAX_PREVIEW_IMAGES,
  augmentedImageBytes,
  type AugmentationPreview,
  type AugmentationPreviewRequest,
} from '../../common/augmentation/preview.js';
import { bytesPerImage } from '../../common/datasets.js';
import { findAugmentationIssues, findAugmentationSettingIssues } from '../../common/hyperparameters.js';
import { computeChannelStats } from '../../common/imageBatch.js';
import type { ImagePixels } from '../../common/runs.js';
import type { DatasetCache } from '../runs/datasetCache.js';

function checkedRequest(request: AugmentationPreviewRequest): Required<AugmentationPreviewRequest> {
  if (typeof request !== 'object' || request === null) throw new ApiError('invalid-argument', 'give { datasetId, augmentation, seed }');
  const { datasetId, augmentation, seed, count = DEFAULT_PREVIEW_IMAGES } = request;
  if (typeof datasetId !== 'string' || datasetId === '') throw new ApiError('invalid-argument', 'datasetId must name a dataset');
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new ApiError('invalid-argument', `seed must be an integer from 0 to 4294967295, got ${String(seed)}`);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_PREVIEW_IMAGES) {
    throw new ApiError('invalid-argument', `count must be an integer from 1 to ${MAX_PREVIEW_IMAGES}, got ${String(count)}`);
  }
  const issues = findAugmentationSettingIssues(augmentation);
  if (issues.length > 0) throw new ApiError('invalid-argument', issues.map((issue) => issue.message).join('; '));
  return { datasetId, augmentation, seed, count };
}

export class AugmentationPreviews {
  /** Per loaded training set (a re-import loads a new one), its channel means: the cutout's colour. */
  private readonly means = new WeakMap<Uint8Array, number[]>();

  constructor(private readonly datasets: Pick<DatasetCache, 'load'>) {}

  async preview(request: AugmentationPreviewRequest): Promise<AugmentationPreview> {
    const { datasetId, augmentation, seed, count } = checkedRequest(request);
    const dataset = await this.datasets.load(datasetId, { trainLimit: null, testLimit: null }).catch((error: Error) => {
      throw error instanceof ApiError ? error : new ApiError('invalid-argument', `dataset ${datasetId}: ${error.message}`);
    });
    const { info, train } = dataset;
    const shape = { channels: info.channels, height: info.height, width: info.width };
    const sizeIssues = findAugmentationIssues(augmentation, shape);
    if (sizeIssues.length > 0) throw new ApiError('invalid-argument', sizeIssues.map((issue) => issue.message).join('; '));
    // All training images rather than the run's split: close enough for a colour on screen, and one pass per dataset.
    let means = this.means.get(train.images);
    if (!means) {
      means = computeChannelStats(train, info.channels).mean;
      this.means.set(train.images, means);
    }
    const size = bytesPerImage(info);
    const pixels = (bytes: Uint8Array): ImagePixels => ({ ...shape, base64: Buffer.from(bytes).toString('base64') });
    const samples = Array.from({ length: Math.min(count, train.count) }, (_, index) => ({
      trainIndex: index,
      label: info.classNames[train.labels[index]] ?? `class ${train.labels[index]}`,
      original: pixels(train.images.subarray(index * size, (index + 1) * size)),
      augmented: pixels(augmentedImageBytes(train.images, index, shape, augmentation, { seed, step: 0, position: index }, means)),
    }));
    return { samples };
  }
}
