// Classification metrics from true and predicted labels: the confusion matrix
// and the report's per-class precision/recall table.

import type { ConfusionMatrix, PerClassMetrics } from '../runs.js';

export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predictedLabels: ArrayLike<number>,
  classNames: string[],
): ConfusionMatrix {
  if (trueLabels.length !== predictedLabels.length) {
    throw new Error(`confusionMatrix: ${trueLabels.length} true labels but ${predictedLabels.length} predictions`);
  }
  const k = classNames.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < trueLabels.length; i++) counts[trueLabels[i]][predictedLabels[i]]++;
  return { classNames: [...classNames], counts };
}

/** Precision = TP / predicted as the class, recall = TP / truly the class; 0 where undefined (no predictions / no samples). */
export function perClassMetrics(confusion: ConfusionMatrix): PerClassMetrics[] {
  const k = confusion.classNames.length;
  return confusion.classNames.map((label, c) => {
    const truePositives = confusion.counts[c][c];
    let predicted = 0;
    let support = 0;
    for (let j = 0; j < k; j++) {
      predicted += confusion.counts[j][c];
      support += confusion.counts[c][j];
    }
    const precision = predicted > 0 ? truePositives / predicted : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { classIndex: c, label, precision, recall, f1, support };
  });
}

export function accuracyOf(confusion: ConfusionMatrix): number {
  let correct = 0;
  let total = 0;
  confusion.counts.forEach((row, i) => {
    row.forEach((count, j) => {
      total += count;
      if (i === j) correct += count;
    });
  });
  return total > 0 ? correct / total : 0;
}
