// The Train view: data, settings, start, and the live run.

import { expect, type Locator, type Page } from '@playwright/test';
import { answerStopConfirmation } from './stopConfirmation.js';

export type Setting =
  | 'epochs'
  | 'batchSize'
  | 'learningRate'
  | 'momentum'
  | 'weightDecay'
  | 'seed'
  | 'valSplit'
  | 'trainLimit'
  | 'testLimit'
  | 'workers'
  | 'stepEpochs'
  | 'gamma'
  | 'minLr'
  | 'warmupEpochs'
  | 'rampFraction'
  | 'startDivisor'
  | 'endDivisor'
  | 'labelSmoothing'
  | 'emaDecay'
  | 'cropPadding'
  | 'cutoutSize'
  | 'testTimeShift'
  | 'shiftLearningRateFactor';

/** The on/off training settings. */
export type Switch = 'nesterov' | 'testTimeFlip' | 'horizontalFlip' | 'alternatingFlip' | 'identityInit' | 'freezeBatchNormScale' | 'lookahead';

export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'stopped';

export class TrainPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('train-view');
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.page.getByTestId('start-run')).toBeVisible();
  }

  async selectDataset(id: string): Promise<void> {
    await this.view.getByTestId('dataset-select').selectOption(id);
  }

  async importDataset(path: string): Promise<void> {
    await this.page.getByText('Import a dataset from this machine').click();
    await this.page.getByTestId('import-path').fill(path);
    await this.page.getByTestId('import-button').click();
  }

  get importError(): Locator {
    return this.page.getByTestId('import-error');
  }

  async set(setting: Setting, value: string | number | null): Promise<void> {
    await this.page.getByTestId(`hp-${setting}`).fill(value === null ? '' : String(value));
  }

  async setAll(settings: Partial<Record<Setting, string | number | null>>): Promise<void> {
    for (const [setting, value] of Object.entries(settings)) await this.set(setting as Setting, value ?? null);
  }

  async setSchedule(kind: 'constant' | 'step' | 'cosine' | 'warmupCosine' | 'oneCycle'): Promise<void> {
    await this.page.getByTestId('hp-schedule').selectOption(kind);
  }

  async setOptimizer(kind: 'sgdMomentum' | 'sgd' | 'adam' | 'sgdPytorch'): Promise<void> {
    await this.page.getByTestId('hp-optimizer').selectOption(kind);
  }

  async setCropPaddingMode(mode: 'black' | 'reflect'): Promise<void> {
    await this.page.getByTestId('hp-cropPaddingMode').selectOption(mode);
  }

  switchInput(setting: Switch): Locator {
    return this.page.getByTestId(`hp-${setting}`);
  }

  async setSwitch(setting: Switch, on: boolean): Promise<void> {
    await this.page.getByTestId(`hp-${setting}`).setChecked(on);
  }

  /** The strip of training images before and after augmentation. */
  get augmentationStrip(): Locator {
    return this.page.getByTestId('augmentation-strip');
  }

  get mirroringWarning(): Locator {
    return this.page.getByTestId('mirroring-warning');
  }

  async setRunName(name: string): Promise<void> {
    await this.page.getByTestId('new-run-name').fill(name);
  }

  get startButton(): Locator {
    return this.page.getByTestId('start-run');
  }

  get blockedReason(): Locator {
    return this.page.getByTestId('start-blocked-reason');
  }

  /** Starts a run and returns its id once the live panel shows it. */
  async start(): Promise<number> {
    await expect(this.startButton).toBeEnabled();
    await this.startButton.click();
    await expect(this.liveRun).toBeVisible({ timeout: 30_000 });
    return Number(await this.liveRun.getAttribute('data-run-id'));
  }

  get liveRun(): Locator {
    return this.page.getByTestId('live-run');
  }

  async waitForStatus(status: RunStatus, timeout = 180_000): Promise<void> {
    await expect(this.liveRun).toHaveAttribute('data-status', status, { timeout });
  }

  /** Points drawn so far across the live loss and accuracy curves. */
  async curvePointCount(): Promise<number> {
    return Number((await this.page.getByTestId('live-curves').getAttribute('data-points')) ?? '0');
  }

  /**
   * Starts noting every point count the live curves show, as the page
   * renders it: short runs finish faster than a test could poll.
   */
  async recordCurveGrowth(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: number[] = [];
      Object.assign(window, { curveGrowthForTest: seen });
      const note = () => {
        const value = Number(document.querySelector('[data-testid="live-curves"]')?.getAttribute('data-points') ?? Number.NaN);
        if (Number.isFinite(value) && seen[seen.length - 1] !== value) seen.push(value);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-points'] });
    });
  }

  /** The point counts seen since recordCurveGrowth(), in order. */
  curveGrowth(): Promise<number[]> {
    return this.page.evaluate(() => [...((window as unknown as { curveGrowthForTest?: number[] }).curveGrowthForTest ?? [])]);
  }

  get progress(): Locator {
    return this.page.getByTestId('progress');
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('pause-run').click();
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('resume-run').click();
  }

  /** Stop, then Cancel in its confirmation: the run goes on. */
  async stopThenCancel(): Promise<void> {
    await this.page.getByTestId('stop-run').click();
    await answerStopConfirmation(this.page, 'cancel');
  }

  /** Stop, confirmed in the dialog that says which epochs are kept. */
  async stop(): Promise<void> {
    await this.page.getByTestId('stop-run').click();
    await answerStopConfirmation(this.page, 'stop');
  }

  get testAccuracy(): Locator {
    return this.page.getByTestId('result-test-accuracy');
  }

  async openRunDetails(): Promise<void> {
    await this.page.getByTestId('open-run').click();
  }

  async setUpAnotherRun(): Promise<void> {
    await this.page.getByTestId('train-another').click();
    await expect(this.page.getByTestId('no-live-run')).toBeVisible();
  }
}
