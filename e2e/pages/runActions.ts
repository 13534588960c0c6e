// The run page's way back and on: back to runs, open in designer, train
// again with these settings, and the keyboard shortcuts help.

import type { Locator, Page } from '@playwright/test';

export class RunActions {
  constructor(readonly page: Page) {}

  get backToRuns(): Locator {
    return this.page.getByTestId('back-to-runs');
  }

  get openInDesigner(): Locator {
    return this.page.getByTestId('open-in-designer');
  }

  get trainAgain(): Locator {
    return this.page.getByTestId('train-again');
  }

  get shortcutsHelp(): Locator {
    return this.page.getByTestId('shortcuts-help');
  }

  /** The run's duration as the header shows it. */
  duration(): Promise<string> {
    return this.page.getByTestId('run-duration').innerText();
  }
}
