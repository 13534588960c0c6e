// Writing an export's files without ever replacing one: every name is
// checked before anything is written, and each file is created exclusively,
// so an export into a folder that already holds (say) an earlier export
// stops with the names in the way and leaves that folder as it was.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExportError } from './exportSource.js';

export interface OutputFile {
  name: string;
  data: string | Uint8Array;
}

/** Writes `files` into `directory` (created when missing); returns their paths. */
export function writeNewFiles(directory: string, files: OutputFile[]): string[] {
  const folder = resolve(directory);
  const taken = files.map((file) => file.name).filter((name) => existsSync(join(folder, name)));
  if (taken.length > 0) {
    throw new ExportError(`${folder} already holds ${taken.join(', ')}: choose another folder or move them away first (nothing was written)`);
  }
  mkdirSync(folder, { recursive: true });
  return files.map((file) => {
    const path = join(folder, file.name);
    writeFileSync(path, file.data, { flag: 'wx' });
    return path;
  });
}
