// The compare view (#/compare?ids=A,B,…), from src-renderer/views/compare/.
// The first run is the baseline (A); the pair sections set it against one
// other run (B), chosen with selectOther() when more than two runs are compared.
//
//   waitUntilLoaded()                 the summary table is shown
//   runIds()                          ids of the compared runs, in order (baseline first)
//   accuracyDeltaText(runId)          that run's test accuracy against the baseline, e.g. "+0.85 pp"
//   curveNames()                      legend entries of the overlaid validation-accuracy chart
//   differingHyperparameters()        keys of the hyperparameters that differ between the runs
//   architectureDiffKinds()           'same' | 'changed' | 'added' | 'removed' for each aligned layer
//   selectOther(runId)                compares the baseline with that run
//   pairAccuracyDeltaText()           "Test accuracy 97.1% → 98.0% +0.90 pp" for the current pair
//   recallDeltas()                    per class { label, delta } texts for the current pair
//   confusion(which)                  locator of the 'baseline', 'other' or 'delta' heatmap
//   confusionDelta(t, p)              one cell of the difference matrix (other − baseline)
//   disagreementTotal(side)           how many images one run gets right and the other wrong
//                                     ('baseline-right' or 'other-right'); disagreementCards(side) the cards
//   showMoreDisagreements(side)       clicks that side's "Show N more" (the locator: showMoreButton(side))
//   sampleComparisonUnavailable()     locator of the notice shown when the test sets differ

import { expect, type Locator, type Page } from '@playwright/test';

export type DisagreementSide = 'baseline-right' | 'other-right';
export type LayerDiffKind = 'same' | 'changed' | 'added' | 'removed';

export class ComparePage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('compare-view');
  }

  async waitUntilLoaded(): Promise<void> {
    await expect(this.page.getByTestId('compare-summary')).toBeVisible();
  }

  async runIds(): Promise<number[]> {
    return this.page.getByTestId('compare-run-row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-run-id'))));
  }

  async accuracyDeltaText(runId: number): Promise<string> {
    const row = this.page.locator(`[data-testid="compare-run-row"][data-run-id="${runId}"]`);
    return (await row.getByTestId('accuracy-delta').innerText()).trim();
  }

  async curveNames(): Promise<string[]> {
    const legend = this.page.getByTestId('compare-accuracy-chart').getByTestId('chart-legend').locator('li');
    return (await legend.allInnerTexts()).map((text) => text.trim());
  }

  async differingHyperparameters(): Promise<string[]> {
    return this.page
      .locator('[data-testid="hyperparameter-row"][data-differs="true"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key') ?? ''));
  }

  async architectureDiffKinds(): Promise<LayerDiffKind[]> {
    return this.page
      .getByTestId('architecture-diff-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind') as LayerDiffKind));
  }

  async selectOther(runId: number): Promise<void> {
    const select = this.page.getByTestId('compare-pair-select');
    const index = await select.locator('option').evaluateAll(
      (options, id) => options.findIndex((option) => (option.textContent ?? '').trim().startsWith(`#${id} `)),
      runId,
    );
    if (index < 0) throw new Error(`run ${runId} is not among the runs compared with the baseline`);
    await select.selectOption({ index });
  }

  async pairAccuracyDeltaText(): Promise<string> {
    return (await this.page.getByTestId('pair-accuracy-delta').innerText()).replace(/\s+/g, ' ').trim();
  }

  async recallDeltas(): Promise<{ label: string; delta: string }[]> {
    return this.page.getByTestId('recall-delta-row').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim() ?? '');
        return { label: cells[0], delta: cells[3] };
      }),
    );
  }

  confusion(which: 'baseline' | 'other' | 'delta'): Locator {
    return this.page.getByTestId(`confusion-${which}`);
  }

  async confusionDelta(trueLabel: number, predictedLabel: number): Promise<number> {
    const cell = this.confusion('delta').locator(`[data-testid="confusion-cell"][data-true="${trueLabel}"][data-predicted="${predictedLabel}"]`);
    return Number(await cell.getAttribute('data-value'));
  }

  async disagreementTotal(side: DisagreementSide): Promise<number> {
    return Number(await this.page.getByTestId(`disagreements-${side}`).getAttribute('data-total'));
  }

  disagreementCards(side: DisagreementSide): Locator {
    return this.page.getByTestId(`disagreements-${side}`).getByTestId('sample-card');
  }

  showMoreButton(side: DisagreementSide): Locator {
    return this.page.getByTestId(`disagreements-${side}`).getByTestId('disagreements-show-more');
  }

  async showMoreDisagreements(side: DisagreementSide): Promise<void> {
    const button = this.showMoreButton(side);
    await expect(button).toBeEnabled();
    await button.click();
  }

  sampleComparisonUnavailable(): Locator {
    return this.page.getByTestId('disagreements-unavailable');
  }
}
