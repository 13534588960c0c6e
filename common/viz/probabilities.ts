// The top-k classes of one prediction, for the labels under each
// misclassified image.

export interface RankedClass {
  classIndex: number;
  probability: number;
}

/** The k most probable classes, highest first; ties keep the lower class index first. */
export function topClasses(probabilities: readonly number[], k: number): RankedClass[] {
  return probabilities
    .map((probability, classIndex) => ({ classIndex, probability }))
    .sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex)
    .slice(0, Math.max(0, k));
}
