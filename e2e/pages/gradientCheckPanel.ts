// The design view's gradient check (src-renderer/views/design/
// GradientCheckPanel.svelte and the badges on the layer cards), part of the
// design view (#/design; see designPage.ts).
//
//   run()                    presses "Check gradients" and waits for the verdict
//   state()                  'idle' | 'running' | 'pass' | 'fail'
//   summary()                the verdict's text
//   badges()                 [{ layerIndex, pass, text }] of the layer cards' badges

import { expect, type Locator, type Page } from '@playwright/test';

export class GradientCheckPanel {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('gradient-check');
  }

  async run(): Promise<void> {
    await this.root.getByTestId('gradient-check-run').click();
    await expect(this.root.getByTestId('gradient-check-summary')).toBeVisible({ timeout: 60_000 });
  }

  async state(): Promise<string> {
    return (await this.root.getAttribute('data-state')) ?? '';
  }

  async summary(): Promise<string> {
    return (await this.root.getByTestId('gradient-check-summary').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
  }

  async badges(): Promise<{ layerIndex: number; pass: boolean; text: string }[]> {
    return this.page.getByTestId('layer-card').evaluateAll((cards) =>
      cards.flatMap((card) => {
        const badge = card.querySelector('[data-testid="gradient-badge"]');
        return badge ? [{ layerIndex: Number(card.getAttribute('data-layer-index')), pass: badge.getAttribute('data-pass') === 'true', text: badge.textContent?.trim() ?? '' }] : [];
      }),
    );
  }
}
