"""CNN Workbench's seeded random streams, bit for bit (common/random.ts,
common/dataSplit.ts, common/augmentation/draw.ts).

The workbench draws everything random from mulberry32 streams seeded by
mixing integers, so a run is reproducible from its seed: the order of each
epoch, each training image's augmentation and each dropout mask. Reproducing
those draws here is what lets train.py follow the workbench's loss curve from
the same weights. All arithmetic is on 32-bit unsigned integers, done in
numpy's uint64 and masked, which is what JavaScript's Math.imul and >>> give.
"""

import numpy as np

MASK = 0xFFFFFFFF
_GOLDEN = 0x6D2B79F5


def _imul_int(a, b):
    return (a * b) & MASK


def mix_seeds(*words):
    """common/random.ts mixSeeds: murmur3's finaliser over each word."""
    h = 0x9E3779B9
    for word in words:
        h = _imul_int(h ^ (int(word) & MASK), 0x85EBCA6B)
        h ^= h >> 13
        h = _imul_int(h, 0xC2B2AE35)
        h ^= h >> 16
    return h & MASK


def derive_seed(seed, stream, counter):
    """common/dataSplit.ts deriveSeed: one run seed, independent streams per (stream, counter)."""
    h = ((int(seed) & MASK) ^ _imul_int(stream, 0x9E3779B9) ^ _imul_int(counter + 1, 0x85EBCA6B)) & MASK
    h = _imul_int(h ^ (h >> 16), 0x85EBCA6B)
    h = _imul_int(h ^ (h >> 13), 0xC2B2AE35)
    return (h ^ (h >> 16)) & MASK


def uniform_draws(seed, count):
    """The first `count` values of SeededRandom(seed).next(), as float64 in [0, 1).

    mulberry32's state advances by a constant, so draw k depends only on
    seed + k·0x6D2B79F5 and all of them are computed at once.
    """
    m = np.uint64(MASK)
    k = np.arange(1, count + 1, dtype=np.uint64)
    t = (np.uint64(int(seed) & MASK) + k * np.uint64(_GOLDEN)) & m
    t = ((t ^ (t >> np.uint64(15))) * (t | np.uint64(1))) & m
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & m)) & m)
    return ((t ^ (t >> np.uint64(14))) & m).astype(np.float64) / 4294967296.0


def uniform_draws_many(seeds, count):
    """uniform_draws for several seeds at once: one row of `count` draws per seed."""
    m = np.uint64(MASK)
    k = np.arange(1, count + 1, dtype=np.uint64)[None, :]
    s = np.asarray(seeds, dtype=np.uint64)[:, None]
    t = (s + k * np.uint64(_GOLDEN)) & m
    t = ((t ^ (t >> np.uint64(15))) * (t | np.uint64(1))) & m
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & m)) & m)
    return ((t ^ (t >> np.uint64(14))) & m).astype(np.float64) / 4294967296.0


class SeededRandom:
    """common/random.ts SeededRandom, for the few sequential draws of an augmentation."""

    def __init__(self, seed):
        self.state = int(seed) & MASK

    def next(self):
        self.state = (self.state + _GOLDEN) & MASK
        t = self.state
        t = _imul_int(t ^ (t >> 15), t | 1)
        t = t ^ ((t + _imul_int(t ^ (t >> 7), t | 61)) & MASK)
        return ((t ^ (t >> 14)) & MASK) / 4294967296.0

    def next_int(self, n):
        return int(self.next() * n)


def shuffled(items, seed):
    """SeededRandom(seed).shuffle(items.copy()): Fisher–Yates from the last item down."""
    out = np.array(items, copy=True)
    n = len(out)
    if n < 2:
        return out
    draws = uniform_draws(seed, n - 1)
    for step, i in enumerate(range(n - 1, 0, -1)):
        j = int(draws[step] * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


EPOCH_STREAM = 2


def epoch_order(train_indices, seed, epoch):
    """common/dataSplit.ts epochOrder: the training indices in epoch `epoch`'s order (1-based epochs)."""
    return shuffled(train_indices, derive_seed(seed, EPOCH_STREAM, epoch))


AUGMENTATION_STREAM = 0x61756721
ALTERNATING_FLIP_STREAM = 0x666C6970


def augmentation_seed(run_seed):
    return mix_seeds(run_seed, AUGMENTATION_STREAM)


def alternating_flip(seed, index, epoch):
    """common/augmentation/draw.ts alternatingFlip: image `index`'s first-epoch coin, turned over in odd epochs (from 0)."""
    first_epoch_flip = SeededRandom(mix_seeds(seed, ALTERNATING_FLIP_STREAM, index)).next() < 0.5
    return first_epoch_flip != (epoch % 2 == 1)


def draw_augmentation(settings, seed, step, position, height, width, index, epoch):
    """common/augmentation/draw.ts drawAugmentation: (shift_y, shift_x, flip, cutout or None) of dataset image
    `index` at `position` of step `step`'s batch in epoch `epoch` (from 0)."""
    random = SeededRandom(mix_seeds(seed, step, position))
    pad = settings.get('cropPadding', 0)
    shift_y = random.next_int(2 * pad + 1) - pad if pad > 0 else 0
    shift_x = random.next_int(2 * pad + 1) - pad if pad > 0 else 0
    flip = False
    if settings.get('horizontalFlip', False):
        flip = alternating_flip(seed, index, epoch) if settings.get('alternatingFlip', False) else random.next() < 0.5
    size = settings.get('cutoutSize', 0)
    cutout = None
    if size > 0:
        centre_y = random.next_int(height)
        centre_x = random.next_int(width)
        cutout = (centre_y - (size >> 1), centre_x - (size >> 1), size)
    return shift_y, shift_x, flip, cutout
