// The compare view's table of hyperparameters and results, and its scatter.

import type { Locator, Page } from '@playwright/test';

export class HyperparameterExplorer {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('hyperparameter-explorer');
  }

  get rows(): Locator {
    return this.page.getByTestId('explorer-row');
  }

  rowIds(): Promise<number[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-run-id'))));
  }

  async sortBy(column: 'learningRate' | 'batchSize' | 'seed' | 'testAccuracy' | 'name'): Promise<void> {
    await this.page.getByTestId(`sort-${column}`).click();
  }

  get scatterPoints(): Locator {
    return this.page.getByTestId('hyperparameter-scatter').getByTestId('scatter-point');
  }

  async plotAgainst(axis: string): Promise<void> {
    await this.page.getByTestId('scatter-axis').selectOption(axis);
  }
}
