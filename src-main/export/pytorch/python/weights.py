"""The workbench's weight files: weights.bin holds every tensor of the
network as little-endian float32, one after the other in the workbench's
order (layers in order; conv and dense weights then bias; batch norm scale,
shift, running mean, running variance), and weights.json beside it names
each: its state_dict key, shape and offset (in values). The same files come
out of train.py, so the workbench can read them back.
"""

import json
import os

import numpy as np
import torch

from model import ENGINE_TENSORS

WEIGHTS_FORMAT = 'cnn-workbench/weights'


def index_path(weights_path):
    return os.path.join(os.path.dirname(weights_path), os.path.splitext(os.path.basename(weights_path))[0] + '.json')


def _index(model):
    state = model.state_dict()
    tensors, offset = [], 0
    for key, layer, param, role in ENGINE_TENSORS:
        length = state[key].numel()
        tensors.append({'name': key, 'layer': layer, 'param': param, 'role': role, 'shape': list(state[key].shape), 'offset': offset, 'length': length})
        offset += length
    return {'format': WEIGHTS_FORMAT, 'version': 1, 'dtype': 'float32', 'byteOrder': 'little', 'values': offset, 'tensors': tensors}


def load_weights(model, weights_path):
    values = np.fromfile(weights_path, dtype='<f4')
    with open(index_path(weights_path), encoding='utf-8') as f:
        index = json.load(f)
    state = model.state_dict()
    if len(values) != index['values']:
        raise ValueError('%s holds %d values but %s says %d' % (weights_path, len(values), index_path(weights_path), index['values']))
    for entry in index['tensors']:
        key = entry['name']
        if key not in state:
            raise ValueError('%s names %s, which the network does not have' % (index_path(weights_path), key))
        if list(state[key].shape) != entry['shape']:
            raise ValueError('%s: %s is %s in the file but %s in the network' % (weights_path, key, entry['shape'], list(state[key].shape)))
        chunk = values[entry['offset']:entry['offset'] + entry['length']].reshape(entry['shape'])
        with torch.no_grad():
            state[key].copy_(torch.from_numpy(chunk.copy()))
    missing = [key for key, _, _, _ in ENGINE_TENSORS if key not in {e['name'] for e in index['tensors']}]
    if missing:
        raise ValueError('%s lacks %s' % (index_path(weights_path), ', '.join(missing)))


def save_weights(model, weights_path):
    state = model.state_dict()
    flat = np.concatenate([state[key].detach().cpu().float().numpy().ravel() for key, _, _, _ in ENGINE_TENSORS])
    flat.astype('<f4').tofile(weights_path)
    with open(index_path(weights_path), 'w', encoding='utf-8') as f:
        json.dump(_index(model), f, indent=1)


def state_tensors(model):
    """Every tensor in the workbench's order (what its weight average covers)."""
    state = model.state_dict(keep_vars=True)
    return [state[key] for key, _, _, _ in ENGINE_TENSORS]


def trained_parameters(model):
    """(tensor, the workbench's name for it: weights, bias, scale or shift) for what the optimizer steps, in the
    workbench's order. The name decides weight decay (weights only) and the recipe's per-parameter rates."""
    state = model.state_dict(keep_vars=True)
    return [(state[key], param) for key, _, param, role in ENGINE_TENSORS if role == 'trained']
