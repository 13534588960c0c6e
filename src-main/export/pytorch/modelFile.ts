// model.py of a PyTorch export: the run's network spelled out as modules,
// one line a layer, and the table that ties each of its tensors to the
// workbench's weight order (which weights.json also lists).

import { describeLayer } from '../../../common/viz/layerLabel.js';
import { formatShape } from '../../../common/arch/spec.js';
import type { ParamName, ParamRole } from '../../../common/arch/layerDefinition.js';
import type { WeightedLayer } from '../layerTensors.js';
import { pytorchLayer } from './pytorchLayers.js';

export interface StateTensor {
  key: string;
  layer: number;
  param: ParamName;
  role: ParamRole;
  shape: number[];
}

export interface PytorchModel {
  source: string;
  /** Every tensor in the workbench's weight order. */
  tensors: StateTensor[];
}

function pythonString(text: string): string {
  return JSON.stringify(text);
}

export function pytorchModel(layers: WeightedLayer[], header: { title: string; classNames: string[]; input: [number, number, number] }): PytorchModel {
  const lines: string[] = [];
  const tensors: StateTensor[] = [];
  for (const layer of layers) {
    const mapped = pytorchLayer(layer.spec, layer.inShape, layer.index);
    if (!mapped) continue;
    lines.push(`        ${mapped.module},  # ${layer.index + 1}: ${describeLayer(layer.spec)} → ${formatShape(layer.outShape)}`);
    for (const tensor of layer.tensors) {
      const name = mapped.tensors[tensor.name];
      if (!name) throw new Error(`layer ${layer.index + 1} (${layer.spec.type}): its ${tensor.name} tensor has no PyTorch name`);
      tensors.push({ key: `layers.${layer.index}.${name}`, layer: layer.index, param: tensor.name, role: tensor.role, shape: tensor.shape });
    }
  }
  const tensorLines = tensors.map((t) => `    (${pythonString(t.key)}, ${t.layer}, ${pythonString(t.param)}, ${pythonString(t.role)}),`);
  const source = `"""${header.title.replace(/"""/g, "'''")}, as a PyTorch module.

Written by CNN Workbench. Layer i of \`layers\` is layer i + 1 of the
workbench's architecture (run.json); the loss, softmax cross-entropy, is
train.py's (a LogitScale at the end is the loss's logit scale). Input: float32 [N, ${header.input.join(', ')}], normalised per
channel as run.json says (data.normalize does it).
"""

from torch import nn

from layers import Dense, GhostBatchNorm, GlobalAvgPool, LogitScale, PatchWhitening, SeededDropout, WorkbenchNetwork  # noqa: F401
from seeded_random import mix_seeds  # noqa: F401

INPUT_SHAPE = (${header.input.join(', ')})
CLASS_NAMES = [${header.classNames.map(pythonString).join(', ')}]

# (state_dict key, architecture layer index, workbench tensor, trained, statistic
# or fixed), in the workbench's weight order: the order of weights.bin.
ENGINE_TENSORS = [
${tensorLines.join('\n')}
]


def build_model(seed):
    """The network; \`seed\` is the run's, from which dropout draws its masks."""
    model = WorkbenchNetwork([
${lines.join('\n')}
    ])
    # Fixed tensors (patch-whitening filters) come from the weight file and are never trained.
    state = model.state_dict(keep_vars=True)
    for key, _, _, role in ENGINE_TENSORS:
        if role == 'fixed':
            state[key].requires_grad_(False)
    return model
`;
  return { source, tensors };
}
