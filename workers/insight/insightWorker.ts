// Entry point of the insight worker thread: feature maps, saliency, initial
// filters, channel statistics and gradient checks, one request at a time,
// off the main process's event loop.

import { parentPort } from 'node:worker_threads';
import { InsightComputer } from './insightComputations.js';
import type { InsightReply, InsightRequest } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('insightWorker must run in a worker thread');

const computer = new InsightComputer();
port.on('message', (request: InsightRequest) => {
  let reply: InsightReply;
  try {
    reply = { id: request.id, result: computer.handle(request) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
