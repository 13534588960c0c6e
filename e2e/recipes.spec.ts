// The training recipes in the Train view: augmentation with its strip of
// samples, the warning for mirrored digits, airbench's recipes (disabled
// where the network has nothing they act on), and a short run with every
// recipe on whose run page says what was used.

import { AppShell } from './pages/appShell.js';
import { RunDetailPage } from './pages/runDetailPage.js';
import { TrainPage } from './pages/trainPage.js';
import { expect, test } from './fixtures/test.js';

test('augmentation shows its samples, digits warn about mirroring, and a run with every recipe reports them', async ({ page, server }) => {
  const shell = new AppShell(page);
  const train = new TrainPage(page);
  await shell.open(server.url, '#/train');
  await train.waitUntilReady();

  await test.step('augmentation: a strip of training images before and after', async () => {
    await expect(train.augmentationStrip).toHaveCount(0);
    await train.setAll({ cropPadding: 2, cutoutSize: 8 });
    await expect(train.augmentationStrip).toHaveAttribute('data-count', '6', { timeout: 30_000 });
    await expect(train.augmentationStrip.getByTestId('image-tile')).toHaveCount(12);
    await train.set('cutoutSize', 28);
    await expect(page.getByTestId('hp-cutoutSize')).toHaveAttribute('aria-invalid', 'true');
    await expect(train.blockedReason).toContainText('cutout size 28 must be smaller than the 28×28 images');
    await train.set('cutoutSize', 8);
  });

  await test.step('mirroring digits is warned about; the alternating flip needs the flip', async () => {
    await expect(train.switchInput('alternatingFlip')).toBeDisabled();
    await train.setSwitch('horizontalFlip', true);
    await expect(train.mirroringWarning).toContainText('a mirrored digit is not the same digit');
    await expect(train.switchInput('alternatingFlip')).toBeEnabled();
    await train.setSwitch('horizontalFlip', false);
    await expect(train.mirroringWarning).toHaveCount(0);
    await expect(train.switchInput('alternatingFlip')).toBeDisabled();
  });

  await test.step('airbench’s recipes: batch norm’s are disabled without batch norm, identity says where it applies', async () => {
    // mnist-baseline: two 5×5 convolutions (1 → 16, 16 → 16), no batch norm.
    await expect(train.switchInput('freezeBatchNormScale')).toBeDisabled();
    await expect(page.getByTestId('hp-shiftLearningRateFactor')).toBeDisabled();
    await expect(train.switchInput('identityInit')).toBeEnabled();
    await expect(page.getByTestId('identity-init-hint')).toContainText('2 convolutions');
  });

  let runId = 0;
  await test.step('a short run with every recipe', async () => {
    await train.setAll({ epochs: 2, batchSize: 32, trainLimit: 320, testLimit: 128, labelSmoothing: 0.1, emaDecay: 0.9 });
    await train.setOptimizer('sgdPytorch');
    await train.set('learningRate', 0.01);
    await train.setSwitch('nesterov', true);
    await train.setSwitch('testTimeFlip', true);
    await train.set('testTimeShift', 1);
    await train.setSchedule('oneCycle');
    await train.set('rampFraction', 0.25);
    await train.setCropPaddingMode('reflect');
    await train.setSwitch('identityInit', true);
    await train.setSwitch('lookahead', true);
    runId = await train.start();
    await train.waitForStatus('completed');
  });

  await test.step('the run page lists what was used', async () => {
    await shell.open(server.url, `#/runs/${runId}`);
    const detail = new RunDetailPage(page);
    await detail.waitUntilLoaded();
    expect(await detail.hyperparameter('optimizer')).toBe('SGD, PyTorch-style momentum');
    expect(await detail.hyperparameter('nesterov')).toBe('on');
    expect(await detail.hyperparameter('augmentation')).toBe('random crop (pad 2, reflected), cutout 8×8');
    expect(await detail.hyperparameter('labelSmoothing')).toBe('0.1');
    expect(await detail.hyperparameter('emaDecay')).toContain('validation, test and the stored final weights use the average');
    expect(await detail.hyperparameter('testTimeFlip')).toContain('on');
    expect(await detail.hyperparameter('testTimeShift')).toBe('1 px: the test also averages the images moved 1 px diagonally, both ways');
    expect(await detail.hyperparameter('schedule')).toContain('one-cycle');
    expect(await detail.hyperparameter('identityInit')).toContain('on: convolutions start with their first filters');
    expect(await detail.hyperparameter('lookahead')).toContain('on: every 5 steps');
    expect(await detail.hyperparameter('freezeBatchNormScale')).toBe('trained');
    expect(await detail.hyperparameter('shiftLearningRateFactor')).toBe('the learning rate');
  });
});
