// The design view's "Saved designs" panel: autosave status and the library.

import { expect, type Locator, type Page } from '@playwright/test';

export class DesignLibrary {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('design-library');
  }

  /** Waits until the editor's latest change is in the store. */
  async waitUntilSaved(): Promise<void> {
    await expect(this.page.getByTestId('design-save-status')).toHaveAttribute('data-state', 'saved');
  }

  async show(): Promise<void> {
    const toggle = this.page.getByTestId('library-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  get rows(): Locator {
    return this.page.getByTestId('library-row');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async saveAsNew(name: string): Promise<void> {
    await this.page.getByTestId('library-name').fill(name);
    await this.page.getByTestId('library-save-new').click();
    await expect(this.row(name)).toBeVisible();
  }

  async duplicate(name: string): Promise<void> {
    await this.row(name).getByTestId('library-duplicate').click();
    await expect(this.row(`${name} (copy)`)).toBeVisible();
  }

  async open(name: string): Promise<void> {
    await this.row(name).getByTestId('library-open').click();
  }

  async delete(name: string): Promise<void> {
    await this.row(name).getByTestId('library-delete').click();
    await this.page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete design' }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
