// The frame around every view: open the app with its token, move between views.

import { expect, type Page } from '@playwright/test';

export type Section = 'design' | 'train' | 'datasets' | 'runs' | 'compare';

export class AppShell {
  constructor(readonly page: Page) {}

  /** Opens the printed serve-mode URL (token included) at a route, e.g. '#/runs'. */
  async open(url: string, hash = '#/design'): Promise<void> {
    await this.page.goto(`${url}${hash}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  }

  async goTo(section: Section): Promise<void> {
    await this.page.getByTestId(`nav-${section}`).click();
    await expect(this.page.getByTestId(`nav-${section}`)).toHaveAttribute('aria-current', 'page');
  }
}
