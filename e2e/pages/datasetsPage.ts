// The Datasets view: the import panel and the browser of every dataset.

import { expect, type Locator, type Page } from '@playwright/test';

export interface ImportSettings {
  name?: string;
  size?: number;
  channels?: 1 | 3;
  fit?: 'crop' | 'pad';
  testSplit?: number;
  /** Held out for validation at import when there is no val/ folder. */
  valSplit?: number;
}

export class DatasetsPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('datasets-view');
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.page.getByTestId('dataset-import-path')).toBeVisible();
    await expect(this.entries.first()).toBeVisible();
  }

  /** Fills the import form and starts the import (it runs in the background: see waitForImport). */
  async startImport(path: string, settings: ImportSettings = {}): Promise<void> {
    await this.page.getByTestId('dataset-import-path').fill(path);
    if (settings.name !== undefined) await this.page.getByTestId('dataset-import-name').fill(settings.name);
    if (settings.size !== undefined) await this.page.getByTestId('dataset-import-size').fill(String(settings.size));
    if (settings.channels !== undefined) await this.page.getByTestId('dataset-import-channels').selectOption(String(settings.channels));
    if (settings.fit !== undefined) await this.page.getByTestId('dataset-import-fit').selectOption(settings.fit);
    if (settings.testSplit !== undefined) await this.page.getByTestId('dataset-import-test-split').fill(String(settings.testSplit));
    if (settings.valSplit !== undefined) await this.page.getByTestId('dataset-import-val-split').fill(String(settings.valSplit));
    await this.page.getByTestId('dataset-import-button').click();
  }

  /** Waits for the import to end and returns the sentence that says how it went. */
  async waitForImport(timeout = 60_000): Promise<string> {
    await expect(this.page.getByTestId('dataset-import-done').or(this.importError)).toBeVisible({ timeout });
    return (await this.page.getByTestId('dataset-import-done').or(this.importError).innerText()).trim();
  }

  get importProgress(): Locator {
    return this.page.getByTestId('dataset-import-progress');
  }

  get importError(): Locator {
    return this.page.getByTestId('dataset-import-error');
  }

  get entries(): Locator {
    return this.page.getByTestId('dataset-entry');
  }

  async select(name: string): Promise<void> {
    await this.entries.filter({ hasText: name }).click();
    await expect(this.detail.getByTestId('dataset-title')).toHaveText(name);
  }

  get detail(): Locator {
    return this.page.getByTestId('dataset-detail');
  }

  /** The selected dataset's id (its images:<file> id for an imported picture folder). */
  async selectedId(): Promise<string> {
    return (await this.detail.getAttribute('data-dataset-id')) ?? '';
  }

  /** [class name, total images] per bar of the class-count chart. */
  async classCounts(): Promise<[string, number][]> {
    await expect(this.page.getByTestId('class-counts')).toBeVisible();
    return this.page.getByTestId('class-count-row').evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('.name')?.textContent?.trim() ?? '', Number((row.querySelector('.total')?.textContent ?? '').replace(/,/g, ''))] as [string, number]),
    );
  }

  /** Layout, fit and where the validation and test images come from. */
  get importDetails(): Locator {
    return this.detail.getByTestId('dataset-import-details');
  }

  get imbalanceWarning(): Locator {
    return this.page.getByTestId('imbalance-warning');
  }

  /** Sample pictures drawn per class row. */
  async samplesPerClass(): Promise<number[]> {
    await expect(this.page.getByTestId('sample-grid')).toBeVisible();
    return this.page.getByTestId('sample-row').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('canvas').length));
  }

  get skippedFiles(): Locator {
    return this.page.getByTestId('skipped-files');
  }

  get runLinks(): Locator {
    return this.detail.getByTestId('dataset-run-link');
  }

  /** Selects the dataset for training and opens the designer. */
  async designForIt(): Promise<void> {
    await this.detail.getByTestId('use-dataset').click();
  }

  async deleteSelected(): Promise<void> {
    await this.detail.getByTestId('delete-dataset').click();
    await this.page.getByTestId('confirm-ok').click();
  }
}
