// Pausing, resuming and stopping a run from its page, whichever process trains
// it. The request is stored at once, but the owner carries it out when it next
// looks (a CLI process every half second, and the app notices the change up to
// a second later), so a request counts as pending until the status moves.

import type { RunStatus } from '../../../common/runs.js';

export type RunControlAction = 'pause' | 'resume' | 'stop';

export interface PendingControl {
  action: RunControlAction;
  /** The status the run had when the request was made; any other status answers it. */
  from: RunStatus;
}

export interface ControlFailure {
  action: RunControlAction;
  error: unknown;
}

/** When the status never moves (another window undid the request before the owner looked), the buttons come back after this long. */
export const OWNER_ANSWER_MS = 10_000;

/** The buttons a status offers: pause or resume, and stop, while the run trains; none once it has ended. */
export function controlsFor(status: RunStatus): RunControlAction[] {
  if (status === 'running') return ['pause', 'stop'];
  if (status === 'paused') return ['resume', 'stop'];
  return [];
}

/** The request still waiting for its owner once the run reads `status`; null when the status has moved. */
export function stillPending(pending: PendingControl | null, status: RunStatus): PendingControl | null {
  return pending !== null && pending.from === status ? pending : null;
}

/** What the confirmation says stopping does to a run with `epochsCompleted` stored epochs. */
export function stopConsequence(epochsCompleted: number): string {
  if (epochsCompleted === 0) return 'Training stops after the current batch. No epoch has finished yet, so there will be nothing to continue from.';
  const kept = epochsCompleted === 1 ? 'Its finished epoch is kept' : `All ${epochsCompleted} finished epochs are kept`;
  return `Training stops after the current batch. ${kept}, and the run can be continued later from epoch ${epochsCompleted}.`;
}
