// The "Stop this run?" dialog the run page and the Train view both open.

import { expect, type Page } from '@playwright/test';

export async function answerStopConfirmation(page: Page, answer: 'stop' | 'cancel'): Promise<void> {
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Training stops after the current batch');
  await dialog.getByTestId(answer === 'stop' ? 'confirm-ok' : 'confirm-cancel').click();
  await expect(dialog).toBeHidden();
}
