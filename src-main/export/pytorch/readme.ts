// README.md of a PyTorch export: what the folder holds, the commands for one
// machine, several GPUs and several machines, the run's recipe, and how the
// results come back into the workbench.

import { hyperparameterRows } from '../../../common/viz/hyperparameters.js';
import { CHUNK_SIZE } from '../../../workers/training/chunks.js';
import { WHITENING_IMAGES } from '../../../workers/training/dataInitialization.js';
import type { ExportSource } from '../exportSource.js';

/** How the export treats the patch-whitening filters: like the normalisation, computed by the workbench and shipped. */
const WHITENING_NOTE = `- The first layer's patch-whitening filters (\`PatchWhitening\` in
  \`layers.py\`) are never trained: \`train.py\` keeps the ones in the weight
  file it starts from. \`initial-weights.bin\` holds the filters the workbench
  computed from the first ${WHITENING_IMAGES.toLocaleString('en-US')} training images of the split before
  the first step, as \`run.json\`'s normalisation holds the statistics it
  computed; train.py does not compute either again.
`;

export function pytorchReadme(source: ExportSource, data: { kind: string; path: string; trainImages: number; testImages: number }): string {
  const { run, architecture, hyperparameters } = source;
  const recipe = hyperparameters ? hyperparameterRows([hyperparameters]).map((row) => `| ${row.label} | ${row.values[0]} |`) : [];
  const whitening = architecture.layers[0]?.type === 'patchWhitening' ? WHITENING_NOTE : '';
  return `# ${run.name}: CNN Workbench run ${run.id} for PyTorch

The network \`${architecture.name}\` with its ${source.weightsAre}, the data it
trained on and its training recipe, as a PyTorch program that trains and
tests it as CNN Workbench does: on one CPU, on GPUs, or on several machines
with DistributedDataParallel.

| file | what |
|---|---|
| \`model.py\` | the network as an \`nn.Module\`, one line a layer |
| \`train.py\` | trains and/or tests it; writes \`out/metrics.jsonl\` and \`out/weights.bin\` |
| \`layers.py\` | batch norm over chunks of ${CHUNK_SIZE} images, the workbench's dropout masks, dense, global average pooling, fixed patch whitening |
| \`data.py\`, \`seeded_random.py\`, \`chunk_sampler.py\` | the data, its order, augmentation and the distributed sampler, as the workbench draws them |
| \`optim.py\` | the optimizer, learning-rate schedule and weight average |
| \`weights.py\` | reads and writes the weight files |
| \`run.json\` | architecture, recipe, data location, normalisation, class names |
| \`weights.bin\` + \`weights.json\` | the run's ${source.weightsAre} |
| \`initial-weights.bin\` + \`.json\` | the weights the run started from (its seeded initialisation, and any filters computed from the training images) |
| \`split-train.u32\`, \`split-validation.u32\` | which training images trained and which validated (uint32, little-endian) |

## Requirements

Python 3.8 or newer with PyTorch 1.13 or newer and numpy (Debian:
\`apt-get install python3-torch\`). A CUDA GPU is used when present.

## Data

The run read ${data.kind === 'idx' ? 'IDX (MNIST-format) files' : data.kind === 'cifar' ? 'CIFAR-10 binary batches' : 'a CNN Workbench image cache'}
from \`${data.path}\` (${data.trainImages} training images, of which ${source.data?.split.train.length ?? 0} train and
${source.data?.split.validation.length ?? 0} validate, and ${data.testImages} test images). On another machine pass
the same files with \`--data PATH\`.

## Commands

| what | command |
|---|---|
| test the exported weights | \`python3 train.py --evaluate\` |
| train them further, 3 epochs | \`python3 train.py --epochs 3\` |
| the whole run again, from its initial weights | \`python3 train.py --from-scratch\` |
| several GPUs on one machine | \`torchrun --nproc_per_node 4 train.py --from-scratch\` |
| several CPU processes (gloo) | \`torchrun --nproc_per_node 2 train.py --device cpu --from-scratch\` |
| several machines (run on each) | \`torchrun --nnodes 2 --nproc_per_node 4 --rdzv_backend c10d --rdzv_endpoint HOST:29500 train.py --from-scratch\` |

Other options: \`--out DIR\` (default \`out/\`), \`--max-steps N\` (a quick
check), \`--test-limit N\`, \`--seed N\`, \`--first-epoch N\`, \`--log-steps\`
(every step's loss in the metrics), \`--weights FILE.bin\`.

PyTorch 1.13's \`torchrun\` fails on Python 3.11 before starting anything
(\`'NoneType' object has no attribute 'get'\`: its default \`--redirects 0\`
no longer parses); Debian 12's python3-torch is that pair. Give it
\`--redirects 1 --tee 2 --log_dir logs\` (each process's output in logs/, its
errors on the console as well).

## Bringing the results back

    cnn-workbench runs import out/metrics.jsonl

makes an external run of it, shown beside the local runs in the runs list,
on its own run page and in compare (the Runs view's "Import results" does
the same). \`metrics.jsonl\` holds one JSON object a line: \`run\` (what was
trained, where), \`step\` (with \`--log-steps\`), \`epoch\` (the workbench's
per-epoch metrics) and \`test\` (loss, accuracy, confusion matrix, every
prediction, the misclassified test images with their probabilities).

## How it matches the workbench

- Same training split, and each epoch shuffled from (seed, epoch) with the
  workbench's generator; same normalisation table; augmentation and dropout
  masks drawn per image from (seed, step, position in the batch).
- Every batch is computed as chunks of ${CHUNK_SIZE} images whose gradients add up to
  the batch's; batch norm normalises each chunk by its own statistics and
  updates its running statistics once a step from the whole batch. Under
  torchrun each process computes whole chunks (chunk c to process c mod N),
  so the processes together train what one process trains.
- The optimizer is the workbench's (the report's momentum rule
  m ← μm + (1−μ)g, w ← w − lr(m + λw), not torch.optim.SGD's), with weight
  decay on conv and dense weights only, each update computed in float64 and
  stored in float32 as the workbench does. Batch norm's scale stays put
  when the recipe freezes it, and its shift steps at the recipe's multiple
  of the learning rate.
- \`initial-weights.bin\` already holds the identity filters of a run with
  identity initialisation. Lookahead's slow copy starts from the weights
  train.py starts with and counts steps from the first epoch over all the
  run's epochs, as the workbench does; trained weights trained further
  start a new copy (the export does not carry the run's).
- Differences left: float32 rounding of convolutions and sums. From the
  same weights and seed the per-step losses of an epoch agree with the
  workbench's to about 1e-7 (its tests measure it, alone and under torchrun).
${whitening}
## The recipe

| setting | value |
|---|---|
${recipe.join('\n')}

## Weight files

\`weights.bin\` is every tensor as little-endian float32, one after the other
in the workbench's order (layers in order; weights then bias; batch norm's
scale, shift, running mean, running variance). \`weights.json\` names each:
its state_dict key in \`model.py\`, shape, and offset and length in values.
\`train.py\` writes its results in the same format.
`;
}
