// The frame of the app: navigation, deep links, and the states shown when
// there is nothing (yet) to show. Never a blank screen.

import { AppShell } from './pages/appShell.js';
import { RunsPage } from './pages/runsPage.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

test('every section is reachable from the navigation and deep links survive a reload', async ({ page, server }) => {
  const shell = new AppShell(page);
  await shell.open(server.url);
  await expect(page.getByTestId('design-view')).toBeVisible();
  await shell.goTo('train');
  await expect(page.getByTestId('train-view')).toBeVisible();
  await shell.goTo('runs');
  await expect(page).toHaveURL(/#\/runs$/);
  await page.reload();
  await expect(page.getByTestId('runs-view')).toBeVisible();
  await expect(page.getByTestId('nav-runs')).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Runs · CNN Workbench');
});

test('empty and unknown places say what to do instead of showing nothing', async ({ page, server }) => {
  const shell = new AppShell(page);
  await shell.open(server.url, '#/runs');
  await new RunsPage(page).waitUntilReady();
  await expect(page.getByTestId('runs-empty')).toContainText('No runs yet');

  await shell.goTo('compare');
  await expect(page.getByTestId('compare-empty')).toContainText('Select two or more runs');

  await shell.goTo('train');
  await expect(page.getByTestId('no-live-run')).toBeVisible();

  await page.goto(`${server.url}#/nowhere`);
  await expect(page.getByTestId('not-found')).toContainText('/nowhere');
  await page.getByTestId('not-found').getByRole('link', { name: 'Open the designer' }).click();
  await expect(page.getByTestId('design-view')).toBeVisible();
});

test('the Train view refuses to start with an invalid setting and says which', async ({ page, server }) => {
  const shell = new AppShell(page);
  const train = new TrainPage(page);
  await shell.open(server.url, '#/train');
  await train.waitUntilReady();
  await train.set('epochs', 0);
  await expect(train.startButton).toBeDisabled();
  await expect(train.blockedReason).toContainText('epochs must be an integer from 1 to 1000');
  await expect(page.getByTestId('hp-epochs')).toHaveAttribute('aria-invalid', 'true');
  await train.set('epochs', 'two');
  await expect(page.getByText('“two” is not a number.')).toBeVisible();
  await train.set('epochs', 2);
  await train.set('workers', 64);
  await expect(train.blockedReason).toContainText('workers must be at most');
  await train.set('workers', 1);
  await train.setSchedule('step');
  await train.set('gamma', 0);
  await expect(train.blockedReason).toContainText('step decay factor');
  await train.set('gamma', 0.5);
  await expect(train.startButton).toBeEnabled();
});
