// Copies what the exporters read at run time and TypeScript does not
// compile into dist/: ONNX's schema (onnx/onnx.proto) and the Python files of
// the PyTorch export (pytorch/python/*.py). Part of `npm run build`.

import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const target = join(root, 'dist', 'src-main', 'export');

function copy(from, names) {
  const source = join(here, from);
  mkdirSync(join(target, from), { recursive: true });
  for (const name of names) copyFileSync(join(source, name), join(target, from, name));
}

copy('onnx', ['onnx.proto']);
copy(join('pytorch', 'python'), readdirSync(join(here, 'pytorch', 'python')).filter((name) => name.endsWith('.py')));
