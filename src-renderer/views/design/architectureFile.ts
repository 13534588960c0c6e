// Saving and loading architecture JSON from the browser: a download for save,
// a chosen file for load, validated by the same code the CLI uses.

import type { ArchitectureSpec } from '../../../common/arch/spec.js';
import { parseArchitectureJson } from '../../../common/arch/validate.js';
import { withoutLayerIds } from '../../state/architectureEdits.js';

/** A file name from the architecture's name, safe on every platform. */
export function architectureFileName(spec: ArchitectureSpec): string {
  const base = spec.name.trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'architecture';
  return `${base}.json`;
}

export function downloadArchitecture(spec: ArchitectureSpec): void {
  const text = `${JSON.stringify(withoutLayerIds(spec), null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = architectureFileName(spec);
  link.click();
  // The click starts the download synchronously; release the blob on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Reads and validates a chosen file; throws ArchitectureValidationError naming the file and every problem. */
export async function readArchitectureFile(file: File): Promise<ArchitectureSpec> {
  if (file.size > 1_000_000) {
    throw new Error(`${file.name} is ${Math.round(file.size / 1024)} KB; an architecture file is a few KB of JSON. Is this the right file?`);
  }
  return parseArchitectureJson(await file.text(), file.name);
}
