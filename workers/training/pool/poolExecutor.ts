// Data-parallel batches over W participants sharing one WebAssembly memory:
// the coordinator itself (participant 0) and W − 1 worker threads. Each
// participant takes the batch's next chunk whenever it is free and writes its
// gradient to the chunk's slot; then all of them sum the slots, slice by
// slice, in chunk order, exactly as the inline executor does, so the weights
// are bit-identical for any number of workers. Computing a share itself, the
// coordinator never sleeps through the batch and wakes no one but the threads.

import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { normalizationTable } from '../../../common/imageBatch.js';
import { createFastBackend } from '../../kernels/fast/fastBackend.js';
import { compileKernelModule } from '../../kernels/fast/kernelModule.js';
import type { Param } from '../../layers/layer.js';
import type { Network } from '../../network.js';
import { ChunkComputer, chunkRecipe } from '../chunkComputer.js';
import { chunksOf, CHUNK_SIZE } from '../chunks.js';
import { pairWithGradients, type BatchExecutor, type BatchResult, type EvaluationResult, type ImageCallback, type TrainingStep } from '../executor.js';
import type { SharedImageSet, TrainJob } from '../protocol.js';
import { Command, CONTROL_SLOTS, ImageSetId, Slot } from './poolControl.js';
import { floatView, planPoolMemory } from './poolMemory.js';
import { poolThreads } from './poolThreads.js';
import { abandonChunks, computeShare, waitWhile, type ShareContext } from './poolShare.js';
import type { PoolWorkerData } from './poolWorkerData.js';

/** The threads finish their chunks about when the coordinator finishes its own. */
const THREADS_DONE_SPIN_MS = 1;
/** A thread lets go of its run within milliseconds; one that takes longer is ended, not kept. */
const RELEASE_TIMEOUT_MS = 2000;

/** The thread's next message; an error or exit first rejects. Leaves no listener behind, as the thread is kept. */
function nextMessage(worker: Worker, timeoutMs = Infinity): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(timeoutMs) ? setTimeout(() => settle(() => reject(new Error('timed out'))), timeoutMs) : undefined;
    const settle = (action: () => void) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      action();
    };
    const onMessage = (message: unknown) => settle(() => resolve(message));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`exited (code ${code})`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class PoolExecutor implements BatchExecutor {
  readonly net: Network;
  readonly optimizerParams: Param[];
  readonly summedGradients: Float32Array;
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS));
  private readonly chunkResults: Float64Array;
  private readonly trainOrder: Uint32Array;
  private readonly evalOrder: Uint32Array;
  private readonly predictions: Uint8Array;
  private readonly probabilities: Float32Array;
  private readonly slots: Float32Array[];
  private readonly summed: Float32Array;
  private readonly errorPorts: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  private readonly share: ShareContext;
  /** A command failed or a thread did not start: the threads are ended at close, not kept. */
  private broken = false;

  private constructor(
    private readonly job: TrainJob,
    private readonly workerCount: number,
  ) {
    const h = job.hyperparameters;
    const numClasses = job.classNames.length;
    const plan = planPoolMemory(job.architecture, h.batchSize, workerCount);
    const module = compileKernelModule();
    const coordinatorArena = plan.arenas[0];
    const backend = createFastBackend({ memory: plan.memory, arena: coordinatorArena, module });
    const computer = new ChunkComputer({
      architecture: job.architecture,
      backend,
      numClasses,
      seed: h.seed,
      normalization: normalizationTable(job.normalization),
      recipe: chunkRecipe(h),
      paramValues: floatView(plan.memory, plan.paramsOffset, plan.paramCount),
    });
    this.net = computer.net;
    // The same initialisation the inline path's network applies to its own weights.
    this.net.initializeWeights();
    this.summed = floatView(plan.memory, plan.summedGradientOffset, plan.paramCount);
    this.optimizerParams = pairWithGradients(this.net, this.summed);
    this.summedGradients = this.summed;
    this.slots = Array.from({ length: plan.gradientSlots }, (_, k) =>
      floatView(plan.memory, plan.gradientSlotsOffset + 4 * plan.paramCount * k, plan.paramCount),
    );

    const evalCapacity = Math.max(job.valIndices.length, job.test.count, 1);
    const maxChunks = Math.max(plan.gradientSlots, Math.ceil(evalCapacity / CHUNK_SIZE));
    this.chunkResults = new Float64Array(new SharedArrayBuffer(16 * maxChunks));
    this.trainOrder = new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, job.trainIndices.length)));
    this.evalOrder = new Uint32Array(new SharedArrayBuffer(4 * evalCapacity));
    this.predictions = new Uint8Array(new SharedArrayBuffer(evalCapacity));
    this.probabilities = new Float32Array(new SharedArrayBuffer(4 * evalCapacity * numClasses));

    this.share = {
      computer,
      gradientSlots: this.slots,
      summedGradients: this.summed,
      addFloats: (sum, x) => backend.addFloats(sum, x),
      control: this.control,
      chunkResults: this.chunkResults,
      train: job.train,
      test: job.test,
      trainOrder: this.trainOrder,
      evalOrder: this.evalOrder,
      predictions: this.predictions,
      probabilities: this.probabilities,
      numClasses,
    };

    for (let w = 1; w < workerCount; w++) {
      const channel = new MessageChannel();
      this.errorPorts.push(channel.port1);
      const data: PoolWorkerData = {
        workerIndex: w,
        workerCount,
        memory: plan.memory,
        module,
        arena: plan.arenas[w],
        paramsOffset: plan.paramsOffset,
        paramCount: plan.paramCount,
        gradientSlotsOffset: plan.gradientSlotsOffset,
        gradientSlots: plan.gradientSlots,
        summedGradientOffset: plan.summedGradientOffset,
        architecture: job.architecture,
        numClasses,
        seed: h.seed,
        normalization: job.normalization,
        recipe: chunkRecipe(h),
        train: job.train,
        test: job.test,
        trainOrder: this.trainOrder,
        evalOrder: this.evalOrder,
        control: this.control,
        chunkResults: this.chunkResults,
        predictions: this.predictions,
        probabilities: this.probabilities,
        errorPort: channel.port2,
      };
      const worker = poolThreads.take();
      worker.postMessage(data, [channel.port2]);
      this.workers.push(worker);
    }
  }

  /** Starts `workers` threads and resolves once every one has built its network. */
  static async start(job: TrainJob, workers: number): Promise<PoolExecutor> {
    const pool = new PoolExecutor(job, workers);
    try {
      await Promise.all(
        pool.workers.map((worker, w) =>
          nextMessage(worker).catch((error: Error) => {
            throw new Error(`pool worker ${w + 1} failed to start: ${error.message}`);
          }),
        ),
      );
    } catch (error) {
      pool.broken = true;
      await pool.close();
      throw error;
    }
    return pool;
  }

  trainBatch(set: SharedImageSet, order: ArrayLike<number>, start: number, batch: number, at: TrainingStep): BatchResult {
    if (set !== this.job.train) throw new Error('the worker pool trains on its job’s training set only');
    // Only this batch's slice of the order: the caller may reshuffle its array in place between epochs.
    for (let i = start; i < start + batch; i++) this.trainOrder[i] = order[i];
    const c = this.control;
    c[Slot.step] = at.step;
    c[Slot.epoch] = at.epoch;
    c[Slot.start] = start;
    c[Slot.batchSize] = batch;
    this.runCommand(Command.train);
    return this.sumResults(chunksOf(batch).length);
  }

  evaluate(set: SharedImageSet, order: ArrayLike<number>, count: number, onImage?: ImageCallback, isTest = false): EvaluationResult {
    if (set !== this.job.train && set !== this.job.test) throw new Error('the worker pool evaluates its job’s image sets only');
    const classes = this.job.classNames.length;
    this.evalOrder.set(order instanceof Uint32Array ? order.subarray(0, count) : Array.from({ length: count }, (_, i) => order[i]));
    const c = this.control;
    c[Slot.imageSet] = set === this.job.test ? ImageSetId.test : ImageSetId.train;
    c[Slot.count] = count;
    c[Slot.isTest] = isTest ? 1 : 0;
    this.runCommand(Command.evaluate);
    const predictions = this.predictions.slice(0, count);
    if (onImage) {
      for (let position = 0; position < count; position++) {
        const label = set.labels[this.evalOrder[position]];
        onImage(position, label, predictions[position], this.probabilities.subarray(position * classes, (position + 1) * classes));
      }
    }
    return { ...this.sumResults(chunksOf(count).length), count, predictions };
  }

  /** Ends the run in every thread: those that let go of it in time are kept for the next run, the rest ended. */
  async close(): Promise<void> {
    if (this.workers.length === 0) return;
    const workers = this.workers.splice(0);
    const released = workers.map((worker) => nextMessage(worker, RELEASE_TIMEOUT_MS).then((message) => message === 'released', () => false));
    Atomics.store(this.control, Slot.command, Command.end);
    Atomics.add(this.control, Slot.generation, 1);
    Atomics.notify(this.control, Slot.generation);
    const outcomes = await Promise.all(released);
    await Promise.all(
      workers.map((worker, w) => {
        if (outcomes[w] && !this.broken) return poolThreads.keep(worker);
        return worker.terminate();
      }),
    );
    for (const port of this.errorPorts) port.close();
  }

  /** Issues a command, computes the coordinator's share and blocks until every thread has done its own. */
  private runCommand(command: number): void {
    const c = this.control;
    Atomics.store(c, Slot.done, 0);
    Atomics.store(c, Slot.failed, 0);
    Atomics.store(c, Slot.nextChunk, 0);
    Atomics.store(c, Slot.chunksDone, 0);
    Atomics.store(c, Slot.nextSlice, 0);
    Atomics.store(c, Slot.command, command);
    Atomics.add(c, Slot.generation, 1);
    Atomics.notify(c, Slot.generation);
    const reasons: string[] = [];
    try {
      computeShare(command, this.share);
    } catch (error) {
      // The threads are mid-command: let them stop waiting for this share's chunks, and wait for them before reporting.
      abandonChunks(c);
      reasons.push(`worker 0: ${error instanceof Error ? error.message : String(error)}`);
    }
    let done = Atomics.load(c, Slot.done);
    while (done < this.workers.length) {
      waitWhile(c, Slot.done, done, THREADS_DONE_SPIN_MS);
      done = Atomics.load(c, Slot.done);
    }
    if (Atomics.load(c, Slot.failed)) {
      const messages = this.errorPorts.map((port) => receiveMessageOnPort(port)?.message).filter(Boolean);
      reasons.push(...(messages.length > 0 ? messages : ['a pool worker stopped unexpectedly']));
    }
    if (reasons.length > 0) {
      this.broken = true;
      throw new Error(reasons.join('; '));
    }
  }

  private sumResults(chunks: number): BatchResult {
    let lossSum = 0;
    let correct = 0;
    for (let k = 0; k < chunks; k++) {
      lossSum += this.chunkResults[2 * k];
      correct += this.chunkResults[2 * k + 1];
    }
    return { lossSum, correct };
  }
}
