// Fixtures for the tests that train in real child processes (used by
// *.test.ts only): a generated dataset small enough to train an epoch in a
// few milliseconds, a network wide enough that each epoch's checkpoint is a
// commit worth interrupting, the CLI as a child process, and a seeded random
// source whose seed the test prints so a failure can be replayed.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION, type ArchitectureSpec } from '../../common/arch/spec.js';
import { idxImages, idxLabels } from '../datasets/testFixtures.js';

export const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** 8×8 digits-like images; ~300,000 weights, so a checkpoint (weights and momentum) is about 2.4 MB. */
export const WIDE_NETWORK: ArchitectureSpec = {
  format: ARCHITECTURE_FORMAT,
  version: ARCHITECTURE_VERSION,
  name: 'wide-dense',
  input: { channels: 1, height: 8, width: 8 },
  layers: [
    { type: 'flatten' },
    { type: 'dense', units: 512 },
    { type: 'relu' },
    { type: 'dense', units: 512 },
    { type: 'relu' },
    { type: 'dense', units: 10 },
    { type: 'softmaxCrossEntropy' },
  ],
};

export interface TrainingFolder {
  dir: string;
  db: string;
  /** `train` options for a run on the generated data. */
  trainArgs(epochs: number, name: string): string[];
  remove(): void;
}

/** A temporary folder with the dataset (64 training, 32 test images), the network file and a database path. */
export function trainingFolder(): TrainingFolder {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-workbench-processes-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const labels = (count: number) => idxLabels(Array.from({ length: count }, (_, n) => n % 10));
  writeFileSync(join(data, 'train-images-idx3-ubyte'), idxImages(64, 8, 8));
  writeFileSync(join(data, 'train-labels-idx1-ubyte'), labels(64));
  writeFileSync(join(data, 't10k-images-idx3-ubyte'), idxImages(32, 8, 8));
  writeFileSync(join(data, 't10k-labels-idx1-ubyte'), labels(32));
  const arch = join(dir, 'wide.json');
  writeFileSync(arch, JSON.stringify(WIDE_NETWORK));
  const db = join(dir, 'runs.sqlite');
  return {
    dir,
    db,
    trainArgs: (epochs, name) => [
      'train', '--arch', arch, '--data', data, '--epochs', String(epochs), '--batch-size', '16', '--val-split', '0.25',
      '--workers', '1', '--seed', '11', '--name', name, '--db', db, '--json',
    ],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliChild {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stderr so far (progress lines: "epoch N done"). */
  readonly stderr: string;
  readonly stdout: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[]): CliChild {
  const child = spawn(process.execPath, [CLI, ...args]);
  const output = { stderr: '', stdout: '' };
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    get stderr() {
      return output.stderr;
    },
    get stdout() {
      return output.stdout;
    },
    exited,
  };
}

/** Resolves once `predicate` holds for the child's stderr, or rejects when it exits first or time runs out. */
export function whenStderr(cli: CliChild, predicate: (stderr: string) => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate(cli.stderr)) return finish(resolve);
    };
    const finish = (settle: () => void) => {
      cli.child.stderr.off('data', check);
      clearTimeout(timer);
      settle();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms; stderr:\n${cli.stderr}`))), timeoutMs);
    cli.child.stderr.on('data', check);
    void cli.exited.then(() => finish(() => (predicate(cli.stderr) ? resolve() : reject(new Error(`exited first; stderr:\n${cli.stderr}`)))));
    check();
  });
}

/** Mulberry32: small, fast and good enough to choose kill points; the seed replays the choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from the environment variable when set (to replay a failure), else a fresh one. */
export function testSeed(variable: string): number {
  const given = process.env[variable];
  return given ? Number(given) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

/** Reads the raw rows a test compares, through its own connection. */
export function withDatabase<T>(file: string, body: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return body(db);
  } finally {
    db.close();
  }
}
