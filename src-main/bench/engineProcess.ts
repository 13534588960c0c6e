// The bench's handle on one engine process: a forked Node process for
// cnn-workbench and TensorFlow.js, the system Python for PyTorch. Either way
// it is one request, one reply (protocol.ts); the process's own output is kept
// out of the bench's stdout, and the tail of its stderr explains a crash.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EngineReply, EngineRequest } from './protocol.js';
import type { EngineId } from './report.js';

export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Threads each PyTorch peer computes with: the issue compares engines at 2 threads. */
export const PYTORCH_THREADS = 2;

/** The tuning the issue measured: single-threaded OpenBLAS inside PyTorch's own threads, and a malloc that keeps freed memory. */
export const PYTORCH_TUNED_ENV = {
  OPENBLAS_NUM_THREADS: '1',
  GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296',
};

const STDERR_TAIL = 2000;

export class EngineProcess {
  private readonly waiting: Array<{ resolve: (reply: EngineReply) => void; reject: (error: Error) => void }> = [];
  private stderr = '';
  private exited: Error | null = null;
  private readonly gone: Promise<void>;
  /** The first reply: ready or unavailable. */
  readonly started: Promise<EngineReply>;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    private readonly write: (request: EngineRequest) => void,
  ) {
    this.started = this.nextReply();
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    this.gone = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const tail = this.stderr.trim();
        this.fail(new Error(`${label} exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`));
        resolve();
      });
      child.on('error', (error) => {
        this.fail(new Error(`${label} could not run: ${error.message}`));
        resolve();
      });
    });
  }

  /** A Node engine: engineChild.js in a process of its own. */
  static forkNode(engine: EngineId, workers: number, label: string): EngineProcess {
    const child = fork(fileURLToPath(new URL('./engineChild.js', import.meta.url)), [engine, String(workers)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.resume();
    const engineProcess = new EngineProcess(label, child, (request) => child.send(request));
    child.on('message', (reply: EngineReply) => engineProcess.deliver(reply));
    return engineProcess;
  }

  /** The PyTorch peer, as installed or with the issue's tuning. */
  static spawnPytorch(tuned: boolean, label: string): EngineProcess {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(PYTORCH_TUNED_ENV)) delete env[name];
    if (tuned) Object.assign(env, PYTORCH_TUNED_ENV);
    const args = [pytorchPeerPath(), '--threads', String(PYTORCH_THREADS), '--label', tuned ? 'tuned' : 'as installed'];
    const child = spawn(SYSTEM_PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    const engineProcess = new EngineProcess(label, child, (request) => child.stdin?.write(`${JSON.stringify(request)}\n`));
    // Writing to a peer that has just exited fails with EPIPE; its 'exit' already tells the story.
    child.stdin?.on('error', () => {});
    if (child.stdout) {
      // Replies are JSON objects, one a line; anything else a library prints is not for us.
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('{')) engineProcess.deliver(JSON.parse(line) as EngineReply);
      });
    }
    return engineProcess;
  }

  request(request: EngineRequest): Promise<EngineReply> {
    const reply = this.nextReply();
    if (!this.exited) this.write(request);
    return reply;
  }

  /** Asks the process to exit, and kills it if it has not within a few seconds. */
  async close(): Promise<void> {
    if (!this.exited) {
      try {
        this.write({ type: 'exit' });
        this.child.stdin?.end();
      } catch {
        // The channel closed on its own: the process is on its way out already.
      }
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.gone;
    clearTimeout(timer);
  }

  private nextReply(): Promise<EngineReply> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private deliver(reply: EngineReply): void {
    this.waiting.shift()?.resolve(reply);
  }

  private fail(error: Error): void {
    this.exited ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

/** pytorch_peer.py stays in the source tree (tsc does not copy it): the first ancestor that holds it. */
function pytorchPeerPath(): string {
  const relative = join('src-main', 'bench', 'pytorch_peer.py');
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, relative))) {
    if (dirname(folder) === folder) throw new Error(`cannot find ${relative} above ${dirname(fileURLToPath(import.meta.url))}`);
    folder = dirname(folder);
  }
  return join(folder, relative);
}
