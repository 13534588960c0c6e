// Entry point of a forked bench process running one Node engine:
//   node engineChild.js <engine> <workers>
// Each engine gets a process of its own so that peers never share a heap,
// a JIT or threads with it. It speaks protocol.ts over IPC.

import type { BenchEngine, BenchSession } from './engines/engine.js';
import { EngineUnavailable } from './engines/engine.js';
import type { EngineReply, EngineRequest, PrepareRequest } from './protocol.js';
import { timeSteps, warmUp } from './timing.js';

const send = (reply: EngineReply) => process.send?.(reply);

async function loadEngine(engine: string, workers: number): Promise<BenchEngine> {
  switch (engine) {
    case 'cnn-workbench':
      return (await import('./engines/cnnWorkbench.js')).createCnnWorkbenchEngine(workers);
    case 'tfjs-cpu':
      return (await import('./engines/tfjsEngine.js')).createTfjsEngine('cpu');
    case 'tfjs-wasm':
      return (await import('./engines/tfjsEngine.js')).createTfjsEngine('wasm');
    default:
      throw new Error(`no Node engine called "${engine}"`);
  }
}

function failure(error: unknown): EngineReply {
  if (error instanceof EngineUnavailable) return { type: 'unavailable', reason: error.message };
  return { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

const sessions = new Map<string, BenchSession>();
const key = (request: { net: string; mode: string }) => `${request.net}/${request.mode}`;

async function prepare(engine: BenchEngine, request: PrepareRequest): Promise<EngineReply> {
  const session = await engine.open(request);
  sessions.set(key(request), session);
  const secondsPerStep = await warmUp(session, request.warmup);
  return { type: 'prepared', secondsPerStep };
}

async function handle(engine: BenchEngine, request: EngineRequest): Promise<EngineReply | null> {
  switch (request.type) {
    case 'prepare':
      return prepare(engine, request);
    case 'measure': {
      const session = sessions.get(key(request));
      if (!session) throw new Error(`measure before prepare for ${key(request)}`);
      const timed = await timeSteps(session, request.steps, request.warmupSteps, request.maxSeconds);
      return { type: 'measured', ...timed };
    }
    case 'exit':
      for (const session of sessions.values()) await session.dispose();
      process.disconnect();
      return null;
  }
}

const [engineId, workersText] = process.argv.slice(2);
try {
  const engine = await loadEngine(engineId, Number(workersText));
  send({ type: 'ready', description: engine.description, threads: engine.threads, notes: engine.notes });
  // One request at a time: the bench waits for each reply before sending the next.
  process.on('message', (request: EngineRequest) => {
    handle(engine, request).then(
      (reply) => reply && send(reply),
      (error: unknown) => send(failure(error)),
    );
  });
} catch (error) {
  send(failure(error));
  process.disconnect();
}
