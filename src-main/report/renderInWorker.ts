// Renders a report in its own short-lived worker thread: writing the HTML
// of a comparison takes a few hundred milliseconds, which the main process
// (serving the window) must not spend itself.

import { Worker } from 'node:worker_threads';
import type { ReportFile } from '../../common/api/insightApi.js';
import { unpackedUrl } from '../runs/workerLocation.js';
import type { ReportData } from './reportFile.js';

const WORKER_URL = unpackedUrl(new URL('./reportWorker.js', import.meta.url));

export function renderReportInWorker(data: ReportData): Promise<ReportFile> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: data, name: 'report' });
    let settled = false;
    worker.once('message', (reply: { report: ReportFile } | { error: string }) => {
      settled = true;
      if ('error' in reply) reject(new Error(`the report could not be written: ${reply.error}`));
      else resolve(reply.report);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the report worker exited (code ${code}) without a report`));
    });
  });
}
