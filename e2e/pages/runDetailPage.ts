// The run detail view (#/runs/ID), from src-renderer/views/run/.
//
// Waiting
//   waitUntilLoaded()             the header is shown (the run exists and loaded)
//   waitForResults(timeoutMs?)    test results are shown; a run still training updates live, so this
//                                 also waits for it to finish (default 5 minutes)
//   waitForEpochs(n)              the curves show at least n finished epochs
//   waitForGalleryIdle()          the misclassified gallery is not fetching
// Header and curves
//   status()                      'running' | 'paused' | 'completed' | 'failed' | 'stopped' | 'interrupted'
//   pause() / resume()            the header's Pause or Resume (shown while the run trains, whichever process trains it)
//   stop()                        the header's Stop, confirmed in its dialog
//   continueTraining()            the header's "Continue from epoch N" (a stopped, interrupted or failed run)
//   testAccuracyText()            e.g. "97.41%" ("—" until tested)
//   curveEpochCount()             epochs drawn in the curves
//   bestEpoch()                   the epoch the best-epoch marker sits on, or null
// Results
//   classReport()                 the per-class table as rows of text ({ label, precision, recall, f1, support })
//   confusionCell(t, p)           locator of one heatmap cell; confusionCount(t, p) its count
//   clickConfusionCell(t, p)      clicks a cell and waits until the gallery shows that pair (on the
//                                 diagonal, where only mistakes are stored, the class's mistakes)
//   setRowNormalised(on)          switches the matrix between counts and shares of each true class
// Misclassified gallery
//   galleryImages()               locator of the sample cards on the current page
//   gallerySamples()              [{ testIndex, trueLabel, predictedLabel }] of the current page
//   galleryTotal()                how many images match the filter
//   filterState()                 { trueLabel, predictedLabel, sort } as the controls show it (null = any)
//   filterByTrue(l) / filterByPredicted(l) / sortBy(order) / clearFilter() / nextPage() / previousPage()
//   zoom() / zoomIn() / zoomOut() the gallery's whole-number zoom
//   galleryImageSizes()           intrinsic and displayed size of each image, for pixel-exact checks
// Filters, recipe, architecture
//   filterTiles()                 locator of the first-layer filter tiles
//   parameterTotal()              the parameter table's total parameter count (as a number)
//   hyperparameter(key)           the shown value of one hyperparameter, e.g. 'learningRate'
// Export and origin
//   exportModel(format, folder?)  exports from the Export card; { directory, files } as it reports them
//   externalKind()                'PyTorch export', 'ONNX model', 'metrics file' for an imported run, null for a local one

import { expect, type Locator, type Page } from '@playwright/test';
import { answerStopConfirmation } from './stopConfirmation.js';

export type GallerySort = 'confidence-desc' | 'confidence-asc';

export interface GalleryFilterState {
  trueLabel: number | null;
  predictedLabel: number | null;
  sort: GallerySort;
}

export interface GallerySample {
  testIndex: number;
  trueLabel: number;
  predictedLabel: number;
}

export interface ClassReportRow {
  label: string;
  precision: string;
  recall: string;
  f1: string;
  support: string;
}

const labelValue = (label: number | null) => (label === null ? '' : String(label));
const parseLabel = (value: string) => (value === '' ? null : Number(value));

export class RunDetailPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('run-detail');
  }

  get gallery(): Locator {
    return this.page.getByTestId('misclassified-gallery');
  }

  async waitUntilLoaded(): Promise<void> {
    await expect(this.page.getByTestId('run-header')).toBeVisible();
  }

  async waitForResults(timeoutMs = 300_000): Promise<void> {
    await expect(this.page.getByTestId('run-results')).toBeVisible({ timeout: timeoutMs });
  }

  async waitForEpochs(count: number, timeoutMs = 300_000): Promise<void> {
    await expect
      .poll(() => this.curveEpochCount(), { timeout: timeoutMs, message: `waiting for ${count} epochs in the curves` })
      .toBeGreaterThanOrEqual(count);
  }

  async waitForGalleryIdle(): Promise<void> {
    await expect(this.gallery).toHaveAttribute('aria-busy', 'false');
  }

  /** Continues a stopped run from its last checkpoint (the header's button). */
  async continueTraining(): Promise<void> {
    await this.page.getByTestId('continue-run').click();
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('run-pause').click();
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('run-resume').click();
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('run-stop').click();
    await answerStopConfirmation(this.page, 'stop');
  }

  async status(): Promise<string> {
    return (await this.page.getByTestId('run-header').getByTestId('run-status').innerText()).trim().toLowerCase();
  }

  async testAccuracyText(): Promise<string> {
    return (await this.page.getByTestId('run-test-accuracy').innerText()).trim();
  }

  async curveEpochCount(): Promise<number> {
    return Number(await this.page.getByTestId('run-curves').getAttribute('data-epochs'));
  }

  async bestEpoch(): Promise<number | null> {
    const marker = this.page.getByTestId('accuracy-chart').getByTestId('chart-marker');
    return (await marker.count()) === 0 ? null : Number(await marker.getAttribute('data-x'));
  }

  async classReport(): Promise<ClassReportRow[]> {
    return this.page.getByTestId('class-report-row').evaluateAll((rows) =>
      rows.map((row) => {
        const [label, precision, recall, f1, support] = Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim() ?? '');
        return { label, precision, recall, f1, support };
      }),
    );
  }

  confusionCell(trueLabel: number, predictedLabel: number): Locator {
    return this.page
      .getByTestId('run-confusion')
      .locator(`[data-testid="confusion-cell"][data-true="${trueLabel}"][data-predicted="${predictedLabel}"]`);
  }

  async confusionCount(trueLabel: number, predictedLabel: number): Promise<number> {
    return Number(await this.confusionCell(trueLabel, predictedLabel).getAttribute('data-value'));
  }

  async clickConfusionCell(trueLabel: number, predictedLabel: number): Promise<void> {
    await this.confusionCell(trueLabel, predictedLabel).click();
    const expectedPredicted = trueLabel === predictedLabel ? '' : String(predictedLabel);
    await expect(this.page.getByTestId('gallery-filter-true')).toHaveValue(String(trueLabel));
    await expect(this.page.getByTestId('gallery-filter-predicted')).toHaveValue(expectedPredicted);
    await this.waitForGalleryIdle();
  }

  async setRowNormalised(on: boolean): Promise<void> {
    await this.page.getByTestId('row-normalise-toggle').setChecked(on);
  }

  galleryImages(): Locator {
    return this.gallery.getByTestId('sample-card');
  }

  async gallerySamples(): Promise<GallerySample[]> {
    return this.galleryImages().evaluateAll((cards) =>
      cards.map((card) => ({
        testIndex: Number(card.getAttribute('data-test-index')),
        trueLabel: Number(card.getAttribute('data-true')),
        predictedLabel: Number(card.getAttribute('data-predicted')),
      })),
    );
  }

  async galleryTotal(): Promise<number> {
    await this.waitForGalleryIdle();
    return Number(await this.page.getByTestId('gallery-total').getAttribute('data-total'));
  }

  async filterState(): Promise<GalleryFilterState> {
    return {
      trueLabel: parseLabel(await this.page.getByTestId('gallery-filter-true').inputValue()),
      predictedLabel: parseLabel(await this.page.getByTestId('gallery-filter-predicted').inputValue()),
      sort: (await this.page.getByTestId('gallery-sort').inputValue()) as GallerySort,
    };
  }

  async filterByTrue(label: number | null): Promise<void> {
    await this.page.getByTestId('gallery-filter-true').selectOption(labelValue(label));
    await this.waitForGalleryIdle();
  }

  async filterByPredicted(label: number | null): Promise<void> {
    await this.page.getByTestId('gallery-filter-predicted').selectOption(labelValue(label));
    await this.waitForGalleryIdle();
  }

  async sortBy(order: GallerySort): Promise<void> {
    await this.page.getByTestId('gallery-sort').selectOption(order);
    await this.waitForGalleryIdle();
  }

  async clearFilter(): Promise<void> {
    await this.page.getByTestId('gallery-clear-filter').click();
    await this.waitForGalleryIdle();
  }

  async nextPage(): Promise<void> {
    await this.page.getByTestId('gallery-next').click();
    await this.waitForGalleryIdle();
  }

  async previousPage(): Promise<void> {
    await this.page.getByTestId('gallery-previous').click();
    await this.waitForGalleryIdle();
  }

  async zoom(): Promise<number> {
    return Number.parseInt(await this.page.getByTestId('gallery-zoom').innerText(), 10);
  }

  async zoomIn(): Promise<void> {
    await this.gallery.getByRole('button', { name: 'larger' }).click();
  }

  async zoomOut(): Promise<void> {
    await this.gallery.getByRole('button', { name: 'smaller' }).click();
  }

  async galleryImageSizes(): Promise<{ width: number; height: number; displayedWidth: number; displayedHeight: number }[]> {
    return this.galleryImages()
      .locator('canvas')
      .evaluateAll((canvases) =>
        (canvases as HTMLCanvasElement[]).map((canvas) => ({
          width: canvas.width,
          height: canvas.height,
          displayedWidth: canvas.clientWidth,
          displayedHeight: canvas.clientHeight,
        })),
      );
  }

  filterTiles(): Locator {
    return this.page.getByTestId('filter-grid').getByTestId('filter-tile');
  }

  async parameterTotal(): Promise<number> {
    const text = await this.page.getByTestId('parameter-total').locator('td').first().innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }

  async hyperparameter(key: string): Promise<string> {
    return (await this.page.getByTestId('hyperparameters').locator(`dd[data-key="${key}"]`).innerText()).trim();
  }

  /** Exports the run from its Export card (into `folder`, or a new one beside the database); the folder and file names written. */
  async exportModel(format: 'onnx' | 'pytorch', folder?: string): Promise<{ directory: string; files: string[] }> {
    const card = this.page.getByTestId('run-export');
    await card.getByTestId(`export-format-${format}`).check();
    await card.getByTestId('export-folder').fill(folder ?? '');
    await card.getByTestId('export-run').click();
    const result = card.getByTestId('export-result');
    await expect(result).toBeVisible();
    return { directory: (await result.getByTestId('export-directory').innerText()).trim(), files: await result.locator('li').allInnerTexts() };
  }

  /** Where an imported run came from, as its "Trained elsewhere" card says ('PyTorch export', 'metrics file', …); null for a local run. */
  async externalKind(): Promise<string | null> {
    const card = this.page.getByTestId('run-external');
    return (await card.count()) === 0 ? null : (await card.getByTestId('external-kind').innerText()).trim();
  }
}
