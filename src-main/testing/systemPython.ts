// The Python the PyTorch-backed tests run: Debian's python3-torch at
// /usr/bin/python3 (.ci/run installs it), or CNN_WORKBENCH_PYTHON.

import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.CNN_WORKBENCH_PYTHON ?? '/usr/bin/python3';

/**
 * Why the PyTorch tests cannot run here, or null. With
 * CNN_WORKBENCH_REQUIRE_PYTORCH set (CI) a missing PyTorch is an error, not a skip.
 */
export function pytorchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  const why = `${PYTHON} cannot import torch and numpy (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); apt-get install python3-torch`;
  if (process.env.CNN_WORKBENCH_REQUIRE_PYTORCH) throw new Error(why);
  return why;
}
