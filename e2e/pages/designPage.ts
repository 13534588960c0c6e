// The architecture editor, as a person uses it.

import { expect, type Locator, type Page } from '@playwright/test';
import type { LayerType } from '../../common/arch/spec.js';

/** Every layer type but the loss, which is pinned rather than offered. */
export type PaletteLayer = Exclude<LayerType, 'softmaxCrossEntropy'>;

export class LayerCard {
  constructor(readonly root: Locator) {}

  field(name: string): Locator {
    return this.root.getByTestId(`layer-field-${name}`);
  }

  async setField(name: string, value: string | number): Promise<void> {
    await this.field(name).fill(String(value));
  }

  get outputShape(): Locator {
    return this.root.getByTestId('layer-output-shape');
  }

  get arithmetic(): Locator {
    return this.root.getByTestId('layer-arithmetic');
  }

  get formula(): Locator {
    return this.root.getByTestId('layer-formula');
  }

  get error(): Locator {
    return this.root.getByTestId('layer-error');
  }

  async moveUp(): Promise<void> {
    await this.root.getByTestId('layer-move-up').click();
  }

  async moveDown(): Promise<void> {
    await this.root.getByTestId('layer-move-down').click();
  }

  async remove(): Promise<void> {
    await this.root.getByTestId('layer-delete').click();
  }

  get handle(): Locator {
    return this.root.locator('[data-focus="handle"]');
  }
}

export class DesignPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('design-view');
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.view.getByTestId('layer-list')).toBeVisible();
  }

  async loadPreset(id: string): Promise<void> {
    await this.page.getByTestId('preset-select').selectOption(id);
    await this.page.getByTestId('preset-load').click();
    await expect(this.page.getByTestId('architecture-name')).toHaveValue(id);
  }

  get cards(): Locator {
    return this.page.getByTestId('layer-card');
  }

  /** Layer by its 1-based position, as the cards number them. */
  layer(position: number): LayerCard {
    return new LayerCard(this.page.locator(`[data-testid="layer-card"][data-layer-index="${position - 1}"]`));
  }

  layerTypes(): Promise<string[]> {
    return this.cards.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-layer-type') ?? ''));
  }

  get totalParams(): Locator {
    return this.page.getByTestId('total-params');
  }

  async addFromPalette(type: PaletteLayer): Promise<void> {
    await this.page.getByTestId(`palette-${type}`).click();
  }

  /** Drags a palette item onto a layer card: it lands before or after it depending on the drop point. */
  async dragFromPalette(type: PaletteLayer, onto: LayerCard, where: 'top' | 'bottom'): Promise<void> {
    const box = await onto.root.boundingBox();
    if (!box) throw new Error('layer card is not visible');
    await this.page.getByTestId(`palette-${type}`).dragTo(onto.root, {
      targetPosition: { x: box.width / 2, y: where === 'top' ? 4 : box.height - 4 },
    });
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('undo').click();
  }

  async redo(): Promise<void> {
    await this.page.getByTestId('redo').click();
  }

  get trainButton(): Locator {
    return this.page.getByTestId('go-train');
  }

  get blockedReason(): Locator {
    return this.page.getByTestId('train-blocked-reason');
  }

  async saveArchitecture(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('save-architecture').click();
    const file = await download;
    const path = await file.path();
    if (!path) throw new Error('the architecture download produced no file');
    return path;
  }

  async loadArchitectureFile(path: string): Promise<void> {
    await this.page.getByTestId('load-architecture-input').setInputFiles(path);
  }

  get loadError(): Locator {
    return this.page.getByTestId('load-architecture-error');
  }
}
