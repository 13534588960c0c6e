// `cnn-workbench serve`: the workbench UI and API for a browser on this
// machine. Prints the URL (with its access token) and runs until interrupted.

import { fileURLToPath } from 'node:url';
import { createWorkbenchService } from '../api/workbenchService.js';
import { uploadFolder } from '../datasets/imageFolder/cacheLocation.js';
import { startServeMode } from '../serve/startServeMode.js';
import { prepareDatabasePath } from '../store/databasePath.js';
import { intOption, parseOptions, stringOption, UsageError } from './options.js';

export const SERVE_HELP = `Usage: cnn-workbench serve [--port N] [--db PATH]
Serves the workbench on http://127.0.0.1:N/ (a free port when N is 0 or absent).
The printed URL carries a random access token: requests without it are refused.`;

export const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));

export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { port: { type: 'string' }, db: { type: 'string' } }, 'serve');
  if (positionals.length > 0) throw new UsageError(`serve: unexpected argument "${positionals[0]}"`);
  const port = intOption(values, 'port', 0, 65535) ?? 0;
  const databasePath = prepareDatabasePath({ dbOption: stringOption(values, 'db') });
  const service = await createWorkbenchService({ databasePath, carrier: 'serve' });
  const server = await startServeMode({ api: service.api, port, rendererDir: RENDERER_DIR, uploadDir: uploadFolder(databasePath) });
  console.log(`CNN Workbench is serving at ${server.url}`);
  console.log(`database: ${databasePath}  (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await service.close();
  return 0;
}
