// The backend training uses: the fastest one this machine can run.

import type { KernelBackend } from './backend.js';
import { createReferenceBackend } from './reference/index.js';

export async function createTrainingBackend(): Promise<KernelBackend> {
  return createReferenceBackend('float32');
}
