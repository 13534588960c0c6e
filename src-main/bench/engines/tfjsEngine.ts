// TensorFlow.js as a peer, on its pure-JavaScript 'cpu' backend or its
// WebAssembly 'wasm' backend (XNNPACK, SIMD). Both are devDependencies: where
// they are missing the bench says so and skips them.
//
// Training is what a TensorFlow.js user writes: a layers model, momentum
// SGD's minimize over softmax cross-entropy. Its momentum optimizer has no
// weight decay; the update is a few thousand multiply-adds against millions
// for the batch, so leaving it out does not move the figures.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Tfjs from '@tensorflow/tfjs';
import type { PrepareRequest } from '../protocol.js';
import { EngineUnavailable, type BenchEngine, type BenchSession } from './engine.js';
import { registerConv2dBackpropFilter } from './tfjsConvFilterGradient.js';
import { buildTfjsModel, type Tf } from './tfjsModel.js';
import { normalizedImages, syntheticBatch } from './syntheticBatch.js';

export type TfjsBackend = 'cpu' | 'wasm';

async function importOrUnavailable<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new EngineUnavailable(`${name} cannot be loaded (${(error as Error).message.split('\n')[0]}); it is a devDependency`);
  }
}

/** Starts the backend; returns how it runs and what the reader must know. */
async function startBackend(tf: Tf, backend: TfjsBackend): Promise<{ detail: string; threads: number; notes: string[] }> {
  if (backend === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new EngineUnavailable('TensorFlow.js could not start its cpu backend');
    return { detail: 'cpu backend (JavaScript)', threads: 1, notes: [] };
  }
  const wasm = await importOrUnavailable<typeof import('@tensorflow/tfjs-backend-wasm')>('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  if (!(await tf.setBackend('wasm'))) throw new EngineUnavailable('TensorFlow.js could not start its wasm backend');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  const notes: string[] = [];
  if (threads === 1) notes.push('tfjs-wasm: 1 thread; TensorFlow.js turns off its multi-threaded wasm build under Node (tensorflow/tfjs#3830)');
  if (registerConv2dBackpropFilter(tf, 'wasm')) {
    notes.push('tfjs-wasm: it has no Conv2DBackpropFilter kernel, so it trains with one the bench registers (the filter gradient as an XNNPACK convolution)');
  }
  return { detail: `wasm backend (XNNPACK${simd ? ', SIMD' : ''})`, threads, notes };
}

function openSession(tf: Tf, request: PrepareRequest): BenchSession {
  const { network, batchSize, seed } = request;
  const { channels, height, width } = network.input;
  const batch = syntheticBatch(network.input, batchSize, network.numClasses, seed);
  const model = buildTfjsModel(tf, network);
  // The values are NCHW-ordered and read as NHWC: for random images only the shape matters.
  const x = tf.tensor4d(normalizedImages(batch, network.input), [batchSize, height, width, channels]);
  const labels = tf.oneHot(tf.tensor1d(Array.from(batch.labels), 'int32'), network.numClasses);
  const dispose = () => {
    model.dispose();
    tf.dispose([x, labels]);
  };
  if (request.mode === 'eval') {
    return { step: () => void tf.tidy(() => (model.apply(x, { training: false }) as Tfjs.Tensor).dataSync()), dispose };
  }
  const optimizer = tf.train.momentum(request.optimizer.learningRate, request.optimizer.momentum);
  return {
    step: () => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as Tfjs.Tensor) as Tfjs.Scalar, true);
      loss?.dataSync();
      loss?.dispose();
    },
    dispose: () => {
      optimizer.dispose();
      dispose();
    },
  };
}

export async function createTfjsEngine(backend: TfjsBackend): Promise<BenchEngine> {
  const tf = await importOrUnavailable<Tf>('@tensorflow/tfjs');
  const { detail, threads, notes } = await startBackend(tf, backend);
  return {
    description: `TensorFlow.js ${tf.version.tfjs}, ${detail}, ${threads} thread${threads === 1 ? '' : 's'}`,
    threads,
    notes,
    open: async (request) => openSession(tf, request),
  };
}
