// The compare view's "Is the difference significant?" card
// (src-renderer/views/compare/SignificanceCard.svelte), part of the compare
// view (#/compare?ids=A,B; see comparePage.ts).
//
//   waitUntilLoaded()        the card is shown
//   counts()                 { onlyA, onlyB }: images only the baseline / only the other run gets right
//   pValue()                 McNemar's exact two-sided p-value
//   sentence()               the plain sentence ("B is better, p = …" or "No significant difference …")
//   downloadReport()         clicks the comparison report button; { fileName, html }

import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';

export class SignificanceCard {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('significance');
  }

  async waitUntilLoaded(): Promise<void> {
    await expect(this.root).toBeVisible();
  }

  async counts(): Promise<{ onlyA: number; onlyB: number }> {
    return { onlyA: Number(await this.root.getByTestId('only-a').textContent()), onlyB: Number(await this.root.getByTestId('only-b').textContent()) };
  }

  async pValue(): Promise<number> {
    return Number(await this.root.getAttribute('data-p-value'));
  }

  async sentence(): Promise<string> {
    return (await this.root.getByTestId('significance-sentence').textContent())?.trim() ?? '';
  }

  async downloadReport(): Promise<{ fileName: string; html: string }> {
    const download = this.page.waitForEvent('download');
    await this.root.getByTestId('report-html').click();
    const file = await download;
    return { fileName: file.suggestedFilename(), html: await readFile(await file.path(), 'utf8') };
  }
}
