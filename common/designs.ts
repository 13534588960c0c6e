// Networks a person keeps: the library of named designs and the one network
// open in the editor (autosaved, so a reload or restart brings it back).

import type { ArchitectureSpec } from './arch/spec.js';

export interface DesignSummary {
  id: number;
  name: string;
  paramCount: number;
  layerCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface SavedDesign extends DesignSummary {
  architecture: ArchitectureSpec;
}

export interface SaveDesignRequest {
  /** Replaces this library design; a new one is added when absent. */
  id?: number;
  /** The name in the library (also written into the architecture). */
  name: string;
  architecture: ArchitectureSpec;
}

/**
 * The editor's network as it was last edited. It may be unfinished (a layer
 * without its fields yet), so only its outline is checked when saved.
 */
export interface WorkingDesign {
  architecture: ArchitectureSpec;
  /** The preset it started from, so the preset's recipe can be offered again. */
  presetId: string | null;
  /** The library design it was opened from or last saved as. */
  designId: number | null;
  updatedAt?: string;
}
