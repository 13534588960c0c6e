// What the time-to-accuracy bench races to: test accuracy on the full test
// set, evaluated after every epoch, with the preset's recipe.

export interface AccuracyTarget {
  preset: string;
  datasetId: string;
  /** Test accuracy to reach, as a fraction. */
  accuracy: number;
}

export const ACCURACY_TARGETS: readonly AccuracyTarget[] = [
  { preset: 'mnist-best', datasetId: 'mnist', accuracy: 0.99 },
  { preset: 'cifar-fast', datasetId: 'cifar10', accuracy: 0.85 },
];

/** An engine's run towards a target: the wall clock (evaluation included) and test accuracy after each epoch. */
export interface AccuracyRace {
  engine: string;
  description: string;
  epochs: Array<{ epoch: number; seconds: number; testAccuracy: number }>;
  /** Seconds when the target was first reached, or null. */
  secondsToTarget: number | null;
}

export function secondsToTarget(epochs: AccuracyRace['epochs'], target: number): number | null {
  return epochs.find((epoch) => epoch.testAccuracy >= target)?.seconds ?? null;
}
