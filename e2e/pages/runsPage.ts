// The Runs list: find, rename, tag, delete, select for comparison, open, and
// import a run trained elsewhere from its metrics file.

import { expect, type Locator, type Page } from '@playwright/test';

export class RunsPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByTestId('runs-table');
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.page.getByTestId('runs-view')).toBeVisible();
    await expect(this.table.or(this.page.getByTestId('runs-empty'))).toBeVisible();
  }

  get rows(): Locator {
    return this.page.getByTestId('run-row');
  }

  row(runId: number): Locator {
    return this.page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  }

  async visibleRunIds(): Promise<number[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-run-id'))));
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId('runs-search').fill(query);
  }

  async sortBy(column: 'name' | 'status' | 'dataset' | 'testAccuracy' | 'paramCount' | 'durationMs' | 'createdAt'): Promise<void> {
    await this.page.getByTestId(`sort-${column}`).click();
  }

  async rename(runId: number, name: string): Promise<void> {
    await this.row(runId).getByTestId('rename-run').click();
    const input = this.row(runId).getByTestId('rename-input');
    await input.fill(name);
    await input.press('Enter');
    await expect(this.row(runId).getByTestId('run-link')).toHaveText(name);
  }

  async setTags(runId: number, tags: string[]): Promise<void> {
    await this.row(runId).getByTestId('edit-tags').click();
    const input = this.row(runId).getByTestId('tags-input');
    await input.fill(tags.join(', '));
    await input.press('Enter');
    await expect(this.row(runId).getByTestId('tags-input')).toHaveCount(0);
  }

  tags(runId: number): Locator {
    return this.row(runId).getByTestId('run-tags').locator('.tag');
  }

  async requestDelete(runId: number): Promise<void> {
    await this.row(runId).getByTestId('delete-run').click();
    await expect(this.page.getByTestId('confirm-dialog')).toBeVisible();
  }

  async confirmDelete(): Promise<void> {
    await this.page.getByTestId('confirm-ok').click();
    await expect(this.page.getByTestId('confirm-dialog')).toBeHidden();
  }

  async cancelDelete(): Promise<void> {
    await this.page.getByTestId('confirm-cancel').click();
    await expect(this.page.getByTestId('confirm-dialog')).toBeHidden();
  }

  async select(runIds: number[]): Promise<void> {
    for (const id of runIds) await this.row(id).getByTestId('select-run').check();
  }

  async compareSelected(): Promise<void> {
    await this.page.getByTestId('compare-selected').click();
  }

  async open(runId: number): Promise<void> {
    await this.row(runId).getByTestId('run-link').click();
  }

  /** Imports a metrics file through "Import results from elsewhere"; the new run's id, and the notes shown. */
  async importRunFile(path: string, name?: string): Promise<{ runId: number; notes: string[] }> {
    const panel = this.page.getByTestId('import-run');
    if (!(await panel.evaluate((details) => (details as HTMLDetailsElement).open))) await panel.locator('summary').click();
    await panel.getByTestId('import-run-path').fill(path);
    if (name !== undefined) await panel.getByTestId('import-run-name').fill(name);
    await panel.getByTestId('import-run-submit').click();
    const link = panel.getByTestId('import-run-link');
    await expect(link).toBeVisible();
    const runId = Number(/run #(\d+)/.exec(await link.innerText())?.[1]);
    return { runId, notes: await panel.getByTestId('import-run-note').allInnerTexts() };
  }

  /** The "external · …" badge of a run imported from elsewhere. */
  externalBadge(runId: number): Locator {
    return this.row(runId).getByTestId('run-external-badge');
  }
}
