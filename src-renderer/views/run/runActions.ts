// What the run page offers to do with a run: back to the list, its network in
// the designer, or a new run with the same network, data and recipe.

import type { RunDetail } from '../../../common/runs.js';
import type { Workbench } from '../../state/workbench.svelte.js';

/** Puts the run's network in the editor (undoable there); false for an imported run without one. */
export function openInDesigner(workbench: Workbench, run: RunDetail): boolean {
  if (!run.architecture) return false;
  workbench.designs.designId = null;
  workbench.loadArchitecture(run.architecture);
  return true;
}

/** Fills the Train form with the run's network, dataset and recipe, ready to start again. */
export function trainAgain(workbench: Workbench, run: RunDetail): boolean {
  if (!run.architecture || !run.hyperparameters) return false;
  openInDesigner(workbench, run);
  if (workbench.catalog.dataset(run.dataset.id)) workbench.selectDataset(run.dataset.id);
  workbench.training.applyRecipe(run.hyperparameters);
  workbench.training.runName = `${run.name} (again)`;
  workbench.training.dismiss();
  return true;
}

/** Keys typed into a text field belong to the field, never to a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
