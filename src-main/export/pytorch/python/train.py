"""Train or evaluate this exported CNN Workbench run with PyTorch.

    python3 train.py --evaluate                 # test the exported weights
    python3 train.py --epochs 5                 # continue training them for 5 epochs
    python3 train.py --from-scratch             # the whole run again, from its initial weights
    torchrun --nproc_per_node 4 train.py ...    # the same with DistributedDataParallel

It trains as the workbench does: the same training split, epoch order,
augmentation, dropout masks, batch norm over chunks of 16 images, optimizer
(with batch norm's scale frozen or its shift's rate scaled when the recipe
says so), schedule, weight average and Lookahead (see README.md). A recipe's
identity initialisation is in initial-weights.bin already. Under torchrun every process
takes whole chunks of each batch, so the result does not depend on the
process count beyond float32 rounding. Metrics go to OUT/metrics.jsonl (one
JSON object a line: run, step, epoch, test), weights to OUT/weights.bin in
the format of the exported ones; `cnn-workbench runs import OUT/metrics.jsonl`
brings the run back beside the local ones.
"""

import argparse
import contextlib
import json
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from chunk_sampler import ChunkSampler  # noqa: E402
from data import augmented, load_data, normalization_table, normalize, to_tensor  # noqa: E402
from model import build_model  # noqa: E402
from optim import Lookahead, WeightAverage, create_optimizer, learning_rate_at  # noqa: E402
from seeded_random import augmentation_seed  # noqa: E402
from weights import load_weights, save_weights, state_tensors, trained_parameters  # noqa: E402

METRICS_FORMAT = 'cnn-workbench/pytorch-metrics'


def parse_arguments():
    parser = argparse.ArgumentParser(description='Train or evaluate an exported CNN Workbench run.')
    parser.add_argument('--data', help="the dataset's path, when it is not where the workbench read it")
    parser.add_argument('--out', default=os.path.join(HERE, 'out'), help='folder for metrics.jsonl and weights.bin (default: out/)')
    parser.add_argument('--evaluate', action='store_true', help='only test the weights')
    parser.add_argument('--from-scratch', action='store_true', help='start from the run\'s initial weights, not its trained ones')
    parser.add_argument('--weights', help='a weights.bin to start from (its weights.json beside it)')
    parser.add_argument('--epochs', type=int, help='epochs to train, the schedule spanning them (default: the run\'s)')
    parser.add_argument('--first-epoch', type=int, default=1, help='number of the first epoch: it picks the shuffle and the schedule position (default 1)')
    parser.add_argument('--max-steps', type=int, help='stop each epoch after this many steps (a quick check)')
    parser.add_argument('--test-limit', type=int, help='test on the first N test images only')
    parser.add_argument('--seed', type=int, help='override the run\'s seed')
    parser.add_argument('--device', help='cpu or cuda (default: cuda when available)')
    parser.add_argument('--log-steps', action='store_true', help='also write every step\'s loss')
    return parser.parse_args()


class Distributed:
    """This process's place under torchrun (one process without it)."""

    def __init__(self, device):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        self.active = self.world > 1
        if self.active:
            dist.init_process_group('nccl' if device.type == 'cuda' else 'gloo')

    def all_reduce(self, tensor):
        if self.active:
            dist.all_reduce(tensor)
        return tensor

    def barrier(self):
        if self.active:
            dist.barrier()

    def close(self):
        if self.active:
            dist.destroy_process_group()


class MetricsFile:
    def __init__(self, path, enabled):
        self.file = open(path, 'w', encoding='utf-8') if enabled else None

    def write(self, record):
        if self.file:
            self.file.write(json.dumps(record) + '\n')
            self.file.flush()

    def close(self):
        if self.file:
            self.file.close()


def shifted(x, shift, reflect=False):
    """The images moved `shift` pixels down and right (up and left when negative), the uncovered edge 0 (the mean
    colour) or, reflecting, the image mirrored at its border (common/augmentation/augmentImage.ts shiftImages)."""
    h, w = x.shape[2], x.shape[3]
    s = abs(shift)
    if reflect:
        padded = F.pad(x, (s, s, s, s), mode='reflect')
        first = 0 if shift > 0 else 2 * s
        return padded[:, :, first:first + h, first:first + w]
    out = torch.zeros_like(x)
    if shift > 0:
        out[:, :, s:, s:] = x[:, :, :h - s, :w - s]
    else:
        out[:, :, :h - s, :w - s] = x[:, :, s:, s:]
    return out


def view_log_probabilities(model, x, flip, shift, reflect=False):
    """log of the weighted mean of the views' probabilities (workers/training/testTimeAugmentation.ts):
    the unmoved views weigh 1/2 and each moved one 1/4 when shifting; a mirror shares its view's weight."""
    moves = [(0, 0.5), (shift, 0.25), (-shift, 0.25)] if shift > 0 else [(0, 1.0)]
    mirrors = [False, True] if flip else [False]
    log_p = None
    for move, weight in moves:
        moved = shifted(x, move, reflect) if move != 0 else x
        for mirror in mirrors:
            view = torch.flip(moved, dims=[3]) if mirror else moved
            term = F.log_softmax(model(view).double(), dim=1) + np.log(weight / len(mirrors))
            log_p = term if log_p is None else torch.logaddexp(log_p, term)
    return log_p


def evaluate(model, images, labels, table, device, flip, record_images=False, shift=0, reflect=False):
    """Loss, accuracy, predictions (and probabilities) of the network in evaluation mode, as the workbench tests."""
    model.eval()
    predictions, probabilities = [], []
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(labels), 256):
            x = to_tensor(normalize(images[start:start + 256], table), device)
            y = torch.from_numpy(labels[start:start + 256]).to(device)
            log_p = view_log_probabilities(model, x, flip, shift, reflect)
            predicted = log_p.argmax(dim=1)
            loss_sum += -log_p.gather(1, y.view(-1, 1)).sum().item()
            correct += (predicted == y).sum().item()
            predictions.append(predicted.cpu().numpy())
            if record_images:
                probabilities.append(log_p.exp().float().cpu().numpy())
    count = len(labels)
    return {
        'loss': loss_sum / count if count else 0.0,
        'accuracy': correct / count if count else 0.0,
        'predictions': np.concatenate(predictions) if predictions else np.zeros(0, dtype=np.int64),
        'probabilities': np.concatenate(probabilities) if probabilities else None,
    }


def with_average(model, average, work):
    """Runs work() with the weight average in the network, then puts the trained weights back."""
    if average is None:
        return work()
    tensors = state_tensors(model)
    trained = [t.detach().clone() for t in tensors]
    with torch.no_grad():
        for t, e in zip(tensors, average.values):
            t.copy_(e)
    try:
        return work()
    finally:
        with torch.no_grad():
            for t, w in zip(tensors, trained):
                t.copy_(w)


def main():
    args = parse_arguments()
    with open(os.path.join(HERE, 'run.json'), encoding='utf-8') as f:
        run = json.load(f)
    h = dict(run['hyperparameters'])
    if args.seed is not None:
        h['seed'] = args.seed
    if args.epochs is not None:
        # Epochs first .. first + N − 1, the schedule spanning them as a run of that many epochs would.
        h['epochs'] = args.first_epoch + args.epochs - 1
    recipe = {
        'labelSmoothing': h.get('labelSmoothing', 0) or 0,
        'augmentation': h.get('augmentation') or {},
        'emaDecay': h.get('emaDecay', 0) or 0,
        'testTimeFlip': bool(h.get('testTimeFlip', False)),
        'testTimeShift': int(h.get('testTimeShift', 0) or 0),
        'lookahead': bool(h.get('lookahead', False)),
    }
    device = torch.device(args.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
    distributed = Distributed(device)
    if device.type == 'cuda' and distributed.active:
        device = torch.device('cuda', int(os.environ.get('LOCAL_RANK', '0')))
        torch.cuda.set_device(device)
    primary = distributed.rank == 0
    os.makedirs(args.out, exist_ok=True)
    metrics = MetricsFile(os.path.join(args.out, 'metrics.jsonl'), primary)

    train_set, test_set = load_data(run['data'], args.data)
    split = run['split']
    train_indices = np.fromfile(os.path.join(HERE, split['train']), dtype='<u4').astype(np.int64)
    val_indices = np.fromfile(os.path.join(HERE, split['validation']), dtype='<u4').astype(np.int64)
    table = normalization_table(run['normalization']['mean'], run['normalization']['std'])
    if args.test_limit is not None:
        test_set.images, test_set.labels = test_set.images[:args.test_limit], test_set.labels[:args.test_limit]

    model = build_model(h['seed']).to(device)
    weights_file = args.weights or os.path.join(HERE, run['weights']['initial' if args.from_scratch else 'trained'])
    load_weights(model, weights_file)
    params = trained_parameters(model)
    optimizer = create_optimizer(h, params)
    average = WeightAverage(recipe['emaDecay'], state_tensors(model)) if recipe['emaDecay'] > 0 else None
    trainer = model
    if distributed.active:
        # Buffers are kept equal by summing batch norm's statistics across processes (layers.py), not broadcast.
        trainer = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == 'cuda' else None, broadcast_buffers=False)

    world = distributed.world
    engine = 'PyTorch %s, %d process%s (%s)' % (
        torch.__version__, world, '' if world == 1 else 'es', '%s, %s' % (dist.get_backend(), device.type) if distributed.active else device.type)
    metrics.write({'type': 'run', 'format': METRICS_FORMAT, 'version': 1, 'name': run['run']['name'] + ' (PyTorch)',
                   'exportedFromRunId': run['run']['id'], 'engine': engine, 'architecture': run['architecture'],
                   'hyperparameters': h, 'dataset': dict(run['dataset'], testCount=int(test_set.count))})

    batch_size = h['batchSize']
    train_count = len(train_indices)
    steps_per_epoch = (train_count + batch_size - 1) // batch_size
    aug_settings = recipe['augmentation']
    augmenting = aug_settings.get('cropPadding', 0) > 0 or aug_settings.get('horizontalFlip') or aug_settings.get('cutoutSize', 0) > 0
    aug_seed = augmentation_seed(h['seed'])
    sampler = ChunkSampler(train_indices, h['seed'], batch_size, run['chunkSize'], world, distributed.rank, args.max_steps)
    smoothing = recipe['labelSmoothing']
    # Steps are counted from the run's first epoch over all its epochs, as the workbench counts them; the slow
    # copy starts from the weights loaded (a resumed workbench run would restore its own from the checkpoint).
    lookahead = Lookahead(state_tensors(model), h['epochs'] * steps_per_epoch) if recipe['lookahead'] else None

    for epoch in ([] if args.evaluate else range(args.first_epoch, h['epochs'] + 1)):
        started = time.time()
        model.train()
        sampler.set_epoch(epoch)
        loss_sum, correct, seen, lr = 0.0, 0, 0, 0.0
        for step, (batch, chunks) in enumerate(sampler):
            lr = learning_rate_at(h['learningRate'], h['schedule'], epoch - 1, step, steps_per_epoch, h['epochs'])
            global_step = (epoch - 1) * steps_per_epoch + step
            optimizer.zero_grad()
            totals = torch.zeros(2, dtype=torch.float64)
            for number, (first, picked) in enumerate(chunks):
                raw = train_set.images[picked]
                x = augmented(raw, table, aug_settings, aug_seed, global_step, first, picked, epoch - 1) if augmenting else normalize(raw, table)
                x, y = to_tensor(x, device), torch.from_numpy(train_set.labels[picked]).to(device)
                # Each chunk adds its loss sum over the batch size: the gradient of the batch's mean loss. Times
                # the process count, because DistributedDataParallel averages the processes' gradients.
                syncing = not distributed.active or number == len(chunks) - 1
                with contextlib.nullcontext() if syncing else trainer.no_sync():
                    logits = trainer(x, place=(global_step, first))
                    loss = F.cross_entropy(logits, y, reduction='sum', label_smoothing=smoothing) * (world / batch)
                    loss.backward()
                with torch.no_grad():
                    totals[0] += F.cross_entropy(logits.double(), y, reduction='sum', label_smoothing=smoothing).item()
                    totals[1] += (logits.argmax(dim=1) == y).sum().item()
            if not chunks:
                # No chunk of this (short) batch is this process's, but every process joins each gradient exchange.
                logits = trainer(torch.zeros((0,) + tuple(train_set.images.shape[1:]), device=device), place=(global_step, 0))
                (logits.sum() * 0).backward()
            optimizer.step(lr)
            model.update_batch_norm_statistics(distributed.all_reduce if distributed.active else None)
            if lookahead is not None:
                lookahead.after_step(global_step + 1, state_tensors(model))
            if average is not None:
                average.update(state_tensors(model))
            distributed.all_reduce(totals)
            if not np.isfinite(totals[0].item()):
                raise SystemExit('training diverged: the loss became %s at epoch %d, batch %d; lower the learning rate' % (totals[0].item(), epoch, step + 1))
            loss_sum += totals[0].item()
            correct += int(totals[1].item())
            seen += batch
            if args.log_steps:
                metrics.write({'type': 'step', 'epoch': epoch, 'step': step, 'loss': totals[0].item() / batch, 'learningRate': lr})
        train_seconds = time.time() - started
        val = None
        if len(val_indices) > 0 and primary:
            val = with_average(model, average, lambda: evaluate(model, train_set.images[val_indices], train_set.labels[val_indices], table, device, recipe['testTimeFlip']))
        metrics.write({'type': 'epoch', 'epoch': epoch, 'trainLoss': loss_sum / max(1, seen), 'trainAccuracy': correct / max(1, seen),
                       'valLoss': val['loss'] if val else None, 'valAccuracy': val['accuracy'] if val else None,
                       'learningRate': lr, 'durationMs': (time.time() - started) * 1000.0,
                       'imagesPerSecond': seen / train_seconds if train_seconds > 0 else 0.0})
        if primary:
            print('epoch %d: loss %.4f, accuracy %.4f%s' % (epoch, loss_sum / max(1, seen), correct / max(1, seen),
                  ', validation accuracy %.4f' % val['accuracy'] if val else ''), flush=True)
        distributed.barrier()

    if average is not None and not args.evaluate:
        with torch.no_grad():
            for t, e in zip(state_tensors(model), average.values):
                t.copy_(e)
    if primary:
        # The shifted views fill their border as the training crops did.
        reflect = recipe['augmentation'].get('cropPaddingMode') == 'reflect'
        test = evaluate(model, test_set.images, test_set.labels, table, device, recipe['testTimeFlip'], record_images=True,
                        shift=recipe['testTimeShift'], reflect=reflect)
        classes = len(run['dataset']['classNames'])
        confusion = np.zeros((classes, classes), dtype=np.int64)
        np.add.at(confusion, (test_set.labels, test['predictions']), 1)
        wrong = np.nonzero(test['predictions'] != test_set.labels)[0]
        save_weights(model, os.path.join(args.out, 'weights.bin'))
        metrics.write({'type': 'test', 'testLoss': test['loss'], 'testAccuracy': test['accuracy'],
                       'confusion': {'classNames': run['dataset']['classNames'], 'counts': confusion.tolist()},
                       'predictions': test['predictions'].tolist(),
                       'misclassified': [{'testIndex': int(i), 'trueLabel': int(test_set.labels[i]), 'predictedLabel': int(test['predictions'][i]),
                                          'probabilities': [float(p) for p in test['probabilities'][i]]} for i in wrong],
                       'weightsFile': 'weights.bin'})
        print('test accuracy %.4f on %d images (loss %.4f); metrics in %s' % (test['accuracy'], test_set.count, test['loss'], os.path.join(args.out, 'metrics.jsonl')), flush=True)
    metrics.close()
    distributed.barrier()
    distributed.close()


if __name__ == '__main__':
    main()
