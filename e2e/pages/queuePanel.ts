// The queue of waiting runs (Train and Runs views) and the Train view's sweep form.

import { expect, type Locator, type Page } from '@playwright/test';

export class QueuePanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('queue-panel');
  }

  get waiting(): Locator {
    return this.page.getByTestId('queued-run');
  }

  async cancel(position: number): Promise<void> {
    await this.waiting.nth(position - 1).getByTestId('queue-cancel').click();
  }

  async moveEarlier(position: number): Promise<void> {
    await this.waiting.nth(position - 1).getByTestId('queue-up').click();
  }
}

export type SweepSetting = 'hp:learningRate' | 'hp:batchSize' | 'hp:weightDecay' | 'hp:momentum' | 'hp:seed' | 'schedule' | `layer:${number}:${string}`;

export class SweepPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    const toggle = this.page.getByTestId('sweep-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  /** Sets the n-th (1-based) setting to vary, adding rows as needed. */
  async vary(position: number, setting: SweepSetting, values: string): Promise<void> {
    while ((await this.page.getByTestId('sweep-axis').count()) < position) await this.page.getByTestId('sweep-add-axis').click();
    const row = this.page.getByTestId('sweep-axis').nth(position - 1);
    await row.getByTestId('sweep-target').selectOption(setting);
    await row.getByTestId('sweep-values').fill(values);
  }

  /** Queues the sweep; `runs` is how many the button says it queues. */
  async queue(runs: number): Promise<void> {
    const button = this.page.getByTestId('sweep-queue');
    await expect(button).toHaveText(`Queue ${runs} run${runs === 1 ? '' : 's'}`);
    await button.click();
  }
}
