// Entry point of a report worker thread: renders gathered report data to
// HTML (PNG encoding, charts, the bootstrap) off the main process's event
// loop, answers once and ends.

import { parentPort, workerData } from 'node:worker_threads';
import { renderReport, type ReportData } from './reportFile.js';

const port = parentPort;
if (!port) throw new Error('reportWorker must run in a worker thread');
try {
  port.postMessage({ report: renderReport(workerData as ReportData) });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
