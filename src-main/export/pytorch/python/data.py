"""The run's data exactly as CNN Workbench loads it: the same files, the same
images in the same order, the same normalisation and augmentation.

Formats (what src-main/datasets/ reads):
- idx:    a folder with train-images-idx3-ubyte, train-labels-idx1-ubyte,
          t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz
          (MNIST's format);
- cifar:  CIFAR-10's binary batches, in a folder (or its
          cifar-10-batches-bin subfolder) or a .tar/.tar.gz archive;
- images: the workbench's decoded copy of an image folder ("CWIMG v1":
          images train, validation, test, then labels, then a JSON footer).
A limit keeps the first images in file order, as the workbench does.
Images are uint8, channels × height × width each (CHW planar).
"""

import gzip
import json
import os
import struct
import tarfile

import numpy as np
import torch

from seeded_random import draw_augmentation

IDX_NAMES = {
    'train_images': 'train-images-idx3-ubyte',
    'train_labels': 'train-labels-idx1-ubyte',
    'test_images': 't10k-images-idx3-ubyte',
    'test_labels': 't10k-labels-idx1-ubyte',
}
CIFAR_TRAIN_BATCHES = ['data_batch_%d.bin' % i for i in range(1, 6)]
CIFAR_TEST_BATCH = 'test_batch.bin'
CIFAR_RECORD = 1 + 3 * 32 * 32
IMAGE_CACHE_MAGIC = b'CWIMG v1'


class DataError(Exception):
    pass


class ImageSet:
    """count images of shape (channels, height, width) as uint8, and their labels."""

    def __init__(self, images, labels):
        self.images = images
        self.labels = labels

    @property
    def count(self):
        return len(self.labels)


def _read_idx(path, dimensions, limit):
    for candidate in (path, path + '.gz'):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith('.gz') else open
            with opener(candidate, 'rb') as f:
                data = f.read()
            break
    else:
        raise DataError('%s (or %s.gz) does not exist' % (path, path))
    if len(data) < 4 + 4 * dimensions or data[0] != 0 or data[1] != 0 or data[2] != 0x08 or data[3] != dimensions:
        raise DataError('%s is not an IDX file of unsigned bytes with %d dimensions' % (candidate, dimensions))
    dims = struct.unpack('>' + 'I' * dimensions, data[4:4 + 4 * dimensions])
    count = dims[0] if limit is None else min(dims[0], limit)
    per_item = int(np.prod(dims[1:])) if dimensions > 1 else 1
    start = 4 + 4 * dimensions
    if len(data) < start + dims[0] * per_item:
        raise DataError('%s is shorter than its header says' % candidate)
    values = np.frombuffer(data, dtype=np.uint8, count=count * per_item, offset=start)
    return values.reshape((count,) + tuple(dims[1:])), dims


def read_idx_folder(folder, train_limit, test_limit):
    def pair(images_name, labels_name, limit):
        images, dims = _read_idx(os.path.join(folder, IDX_NAMES[images_name]), 3, limit)
        labels, _ = _read_idx(os.path.join(folder, IDX_NAMES[labels_name]), 1, limit)
        return ImageSet(images.reshape(len(images), 1, dims[1], dims[2]).copy(), labels.astype(np.int64))

    return pair('train_images', 'train_labels', train_limit), pair('test_images', 'test_labels', test_limit)


def _cifar_records(raw, limit, name):
    if len(raw) == 0 or len(raw) % CIFAR_RECORD != 0:
        raise DataError('%s: %d bytes is not a multiple of 3,073' % (name, len(raw)))
    records = np.frombuffer(raw, dtype=np.uint8).reshape(-1, CIFAR_RECORD)
    return records[:limit] if limit is not None else records


def read_cifar(path, train_limit, test_limit):
    batches = {}
    if os.path.isdir(path):
        folder = path
        if not os.path.exists(os.path.join(folder, CIFAR_TRAIN_BATCHES[0])) and os.path.isdir(os.path.join(path, 'cifar-10-batches-bin')):
            folder = os.path.join(path, 'cifar-10-batches-bin')
        for name in CIFAR_TRAIN_BATCHES + [CIFAR_TEST_BATCH]:
            file = os.path.join(folder, name)
            if not os.path.exists(file):
                raise DataError('CIFAR-10 folder %s is missing %s' % (folder, name))
            with open(file, 'rb') as f:
                batches[name] = f.read()
    else:
        with tarfile.open(path, 'r:*') as archive:
            for member in archive:
                base = os.path.basename(member.name)
                if member.isfile() and base in CIFAR_TRAIN_BATCHES + [CIFAR_TEST_BATCH]:
                    batches[base] = archive.extractfile(member).read()
        missing = [n for n in CIFAR_TRAIN_BATCHES + [CIFAR_TEST_BATCH] if n not in batches]
        if missing:
            raise DataError('CIFAR-10 archive %s is missing %s' % (path, ', '.join(missing)))

    def take(names, limit):
        parts, left = [], limit
        for name in names:
            if left is not None and left <= 0:
                break
            records = _cifar_records(batches[name], left, name)
            parts.append(records)
            if left is not None:
                left -= len(records)
        records = np.concatenate(parts)
        return ImageSet(records[:, 1:].reshape(-1, 3, 32, 32).copy(), records[:, 0].astype(np.int64))

    return take(CIFAR_TRAIN_BATCHES, train_limit), take([CIFAR_TEST_BATCH], test_limit)


def read_image_cache(path, train_limit, test_limit):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != IMAGE_CACHE_MAGIC or data[-8:] != IMAGE_CACHE_MAGIC:
        raise DataError('%s is not a CNN Workbench image cache' % path)
    footer_length = struct.unpack('<I', data[-12:-8])[0]
    footer = json.loads(data[-12 - footer_length:-12].decode('utf-8'))
    c, h, w = footer['channels'], footer['height'], footer['width']
    t, v, s = footer['counts']['train'], footer['counts']['validation'], footer['counts']['test']
    size = c * h * w
    images = np.frombuffer(data, dtype=np.uint8, count=(t + v + s) * size, offset=8).reshape(-1, c, h, w)
    labels = np.frombuffer(data, dtype=np.uint8, count=t + v + s, offset=8 + (t + v + s) * size).astype(np.int64)
    # The workbench takes a train limit from the training and validation images in proportion (imageCache.ts).
    wanted = min(train_limit if train_limit is not None else t + v, t + v)
    train_taken = min(t, int(np.floor(wanted * t / max(1, t + v) + 0.5)))
    validation_taken = min(v, wanted - train_taken)
    test_taken = min(test_limit if test_limit is not None else s, s)
    keep = np.concatenate([np.arange(train_taken), t + np.arange(validation_taken)]).astype(np.int64)
    train = ImageSet(images[keep].copy(), labels[keep].copy())
    test = ImageSet(images[t + v:t + v + test_taken].copy(), labels[t + v:t + v + test_taken].copy())
    return train, test


READERS = {'idx': read_idx_folder, 'cifar': read_cifar, 'images': read_image_cache}


def load_data(data_config, path_override=None):
    kind = data_config['kind']
    path = path_override or data_config['path']
    if kind not in READERS:
        raise DataError('unknown data kind %r' % kind)
    if not os.path.exists(path):
        raise DataError('%s does not exist: give the data with --data PATH' % path)
    return READERS[kind](path, data_config.get('trainLimit'), data_config.get('testLimit'))


def normalization_table(mean, std):
    """table[c, v] = (v/255 − mean[c]) / std[c] in float64, stored float32 (common/imageBatch.ts)."""
    values = np.arange(256, dtype=np.float64) / 255.0
    return np.stack([((values - m) / s).astype(np.float32) for m, s in zip(mean, std)])


def normalize(images, table):
    """uint8 [n, c, h, w] → float32 through the per-channel table."""
    out = np.empty(images.shape, dtype=np.float32)
    for c in range(images.shape[1]):
        out[:, c] = table[c][images[:, c]]
    return out


def augmented(images, table, settings, seed, step, first_position, indices, epoch):
    """Each image moved as the workbench draws it for its place in the batch (common/augmentation/augmentImage.ts);
    `indices` are the images' indices in the training set, `epoch` counts from 0 (the alternating flip needs both)."""
    n, channels, height, width = images.shape
    out = np.empty(images.shape, dtype=np.float32)
    reflect = settings.get('cropPaddingMode', 'black') == 'reflect'
    for b in range(n):
        shift_y, shift_x, flip, cutout = draw_augmentation(settings, seed, step, first_position + b, height, width, int(indices[b]), epoch)
        # Output pixel (y, x) reads input pixel (y + shift_y, x' + shift_x) with x' = width − 1 − x when
        # flipped; outside the image it reads black (0), or reflecting, the pixel mirrored at the border
        # (numpy's and PyTorch's 'reflect'). In the mirrored image the shift runs the other way.
        source = images[b][:, :, ::-1] if flip else images[b]
        sx = -shift_x if flip else shift_x
        if reflect:
            pad = max(abs(shift_y), abs(sx))
            padded = np.pad(source, ((0, 0), (pad, pad), (pad, pad)), mode='reflect')
            moved = padded[:, pad + shift_y:pad + shift_y + height, pad + sx:pad + sx + width]
        else:
            moved = np.zeros((channels, height, width), dtype=np.uint8)
            y0, y1 = max(0, -shift_y), min(height, height - shift_y)
            x0, x1 = max(0, -sx), min(width, width - sx)
            if y0 < y1 and x0 < x1:
                moved[:, y0:y1, x0:x1] = source[:, y0 + shift_y:y1 + shift_y, x0 + sx:x1 + sx]
        for c in range(channels):
            out[b, c] = table[c][moved[c]]
        if cutout is not None:
            top, left, size = cutout
            out[b, :, max(0, top):min(height, top + size), max(0, left):min(width, left + size)] = 0.0
    return out


def to_tensor(array, device):
    return torch.from_numpy(array).to(device)
