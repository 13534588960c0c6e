// The float32 reference through the shared kernel table: it differs from the
// float64 spec only by rounding each stored result to float32.

import { runKernelTestTable } from '../kernelTestTable.js';
import { createReferenceBackend } from './index.js';

runKernelTestTable(() => createReferenceBackend('float32'), 1e-5);
