// Which listed images train, validate and test. Folders decide when they
// exist (train/, val/, test/); otherwise shares are held out per class with
// the same stratified split runs use for their validation (splitValidation),
// under a fixed seed so the same folder always splits the same way. Each
// section is then shuffled, so a run's --train-limit takes a mix of classes
// rather than the first folders.

import { splitValidation } from '../../../common/dataSplit.js';
import { SeededRandom } from '../../../common/random.js';
import type { ImageDatasetDetails } from '../../../common/datasets.js';
import type { ImageListing, ListedImage } from './listImages.js';

/** Fixed, so an import is reproducible; unrelated to any run's seed. */
const IMPORT_SEED = 0x1a6e5;

export interface ImageSections {
  train: ListedImage[];
  validation: ListedImage[];
  test: ListedImage[];
  validationFrom: ImageDatasetDetails['validation'];
  testFrom: ImageDatasetDetails['test'];
}

export interface SectionShares {
  /** Held out for validation when there is no val/ folder; null leaves validation to each run. */
  valSplit: number | null;
  /** Held out for testing when there is no test/ folder. */
  testSplit: number;
}

export function assignSections(listing: ImageListing, shares: SectionShares): ImageSections {
  const bySplit = (split: ListedImage['split']) => listing.images.filter((image) => image.split === split);
  const hasFolder = (split: 'validation' | 'test') => listing.layout === 'split-folders' && listing.splitFolders.has(split);
  let pool = listing.layout === 'split-folders' ? bySplit('train') : listing.images;

  let test: ListedImage[];
  if (hasFolder('test')) {
    test = bySplit('test');
  } else {
    [pool, test] = holdOut(pool, shares.testSplit, 1);
  }
  let validation: ListedImage[] = [];
  if (hasFolder('validation')) {
    validation = bySplit('validation');
  } else if (shares.valSplit !== null && shares.valSplit > 0) {
    [pool, validation] = holdOut(pool, shares.valSplit, 2);
  }
  const random = new SeededRandom(IMPORT_SEED);
  return {
    train: random.shuffle(pool.slice()),
    validation: random.shuffle(validation.slice()),
    test: random.shuffle(test.slice()),
    validationFrom: hasFolder('validation') ? 'folder' : validation.length > 0 ? 'held-out' : 'per-run',
    testFrom: hasFolder('test') ? 'folder' : 'held-out',
  };
}

function holdOut(pool: ListedImage[], fraction: number, stream: number): [kept: ListedImage[], held: ListedImage[]] {
  const labels = Uint8Array.from(pool, (image) => image.label);
  const split = splitValidation(pool.length, { fraction, seed: IMPORT_SEED + stream, labels });
  return [Array.from(split.train, (i) => pool[i]), Array.from(split.validation, (i) => pool[i])];
}
