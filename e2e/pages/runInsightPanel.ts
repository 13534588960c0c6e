// The run page's "Inside the network" card (src-renderer/views/run/insight/),
// part of the run detail view (#/runs/ID; see runDetailPage.ts).
//
//   waitUntilLoaded()            the card and its filter filmstrip (or its note) are shown
//   accuracyInterval()           { low, high } of the bootstrap interval, as fractions
//   pickableIndices()            test indices offered from the gallery's current page
//   pick(testIndex)              clicks that image in the picker and waits for its maps
//   inspectIndex(testIndex)      types a test index, presses "Look inside", waits for its maps
//   featureLayers()              [{ name, maps }] of the layers drawn, in order
//   probabilityCount()           class probabilities listed
//   saliencyKinds()              which saliency panels are drawn (e.g. 'occlusion')
//   filmstripFrames()            frames in the filter filmstrip; filmstripLabel() the current one
//   setFilmstripFrame(i)         moves the slider to frame i
//   downloadReport()             clicks "Download report (HTML)"; { fileName, html }

import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';

export class RunInsightPanel {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('run-insight');
  }

  async waitUntilLoaded(): Promise<void> {
    await expect(this.root).toBeVisible();
    await expect(this.root.getByTestId('filmstrip').or(this.root.getByTestId('filmstrip-empty'))).toBeVisible();
  }

  async accuracyInterval(): Promise<{ low: number; high: number }> {
    const element = this.root.getByTestId('accuracy-interval');
    return { low: Number(await element.getAttribute('data-low')), high: Number(await element.getAttribute('data-high')) };
  }

  async pickableIndices(): Promise<number[]> {
    return this.root.getByTestId('insight-pick').evaluateAll((buttons) => buttons.map((button) => Number(button.getAttribute('data-test-index'))));
  }

  private async waitForMaps(testIndex: number): Promise<void> {
    await expect(this.root.locator(`[data-testid="feature-maps"][data-test-index="${testIndex}"]`)).toBeVisible({ timeout: 60_000 });
    await expect(this.root.getByTestId('saliency')).toBeVisible();
  }

  async pick(testIndex: number): Promise<void> {
    await this.root.locator(`[data-testid="insight-pick"][data-test-index="${testIndex}"]`).click();
    await this.waitForMaps(testIndex);
  }

  async inspectIndex(testIndex: number): Promise<void> {
    await this.root.getByTestId('insight-index').fill(String(testIndex));
    await this.root.getByTestId('insight-go').click();
    await this.waitForMaps(testIndex);
  }

  async featureLayers(): Promise<{ name: string; maps: number }[]> {
    return this.root.getByTestId('feature-layer').evaluateAll((layers) =>
      layers.map((layer) => ({ name: layer.getAttribute('data-layer') ?? '', maps: layer.querySelectorAll('[data-testid="feature-map"]').length })),
    );
  }

  async probabilityCount(): Promise<number> {
    return this.root.getByTestId('insight-probabilities').locator('li').count();
  }

  async saliencyKinds(): Promise<string[]> {
    return this.root.getByTestId('saliency-panel').evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-kind') ?? ''));
  }

  async filmstripFrames(): Promise<number> {
    return Number(await this.root.getByTestId('filmstrip').getAttribute('data-frames'));
  }

  async filmstripLabel(): Promise<string> {
    return (await this.root.getByTestId('filmstrip-label').textContent())?.trim() ?? '';
  }

  async setFilmstripFrame(index: number): Promise<void> {
    await this.root.getByTestId('filmstrip-slider').fill(String(index));
  }

  async downloadReport(): Promise<{ fileName: string; html: string }> {
    const download = this.page.waitForEvent('download');
    await this.root.getByTestId('report-html').click();
    const file = await download;
    return { fileName: file.suggestedFilename(), html: await readFile(await file.path(), 'utf8') };
  }
}
