// The app's shared state, composed once at start-up and handed to views via
// context: the catalog (presets, datasets), the architecture being designed,
// the training form and live run, and the list of runs.

import { createContext } from 'svelte';
import type { PresetInfo, WorkbenchApi } from '../../common/api/contract.js';
import type { ArchitectureSpec } from '../../common/arch/spec.js';
import { findAugmentationIssues } from '../../common/hyperparameters.js';
import { describeArchitectureError } from '../lib/layerText.js';
import { ArchitectureState } from './architecture.svelte.js';
import { CatalogState } from './catalog.svelte.js';
import { DatasetImportState } from './datasetImport.svelte.js';
import { DesignLibraryState } from './designLibrary.svelte.js';
import { QueueState } from './queue.svelte.js';
import { RunsState } from './runs.svelte.js';
import { TrainingState } from './training.svelte.js';

export const DEFAULT_PRESET_ID = 'mnist-baseline';

export class Workbench {
  readonly catalog: CatalogState;
  readonly architecture = new ArchitectureState();
  readonly training: TrainingState;
  readonly runs: RunsState;
  readonly datasetImport: DatasetImportState;
  readonly designs: DesignLibraryState;
  readonly queue: QueueState;
  /** The preset the current design started from, so its recipe can be offered again. */
  presetId = $state<string | null>(null);

  readonly dataset = $derived.by(() => this.catalog.dataset(this.training.datasetId));

  /** Set when the network's input does not fit the chosen dataset's images (after loading a file). */
  readonly inputMismatch = $derived.by(() => {
    const spec = this.architecture.spec;
    const dataset = this.dataset;
    if (!spec || !dataset) return null;
    const { channels, height, width } = spec.input;
    if (channels === dataset.channels && height === dataset.height && width === dataset.width) return null;
    return `The network expects ${channels}×${height}×${width} images but ${dataset.name} has ${dataset.channels}×${dataset.height}×${dataset.width}: choose a dataset with matching images.`;
  });

  /** Why the network cannot be trained as it stands, or null when it can. */
  readonly architectureProblem = $derived.by(() => {
    const { spec, analysis } = this.architecture;
    if (!spec || !analysis) return 'The network is still loading.';
    if (!analysis.valid) return describeArchitectureError(analysis.errors[0], spec);
    if (!this.dataset) return 'Choose a dataset for the network to learn from.';
    return this.inputMismatch;
  });

  /** Crop padding, cutout and test-time shift that do not fit the chosen dataset's images. */
  readonly augmentationIssues = $derived.by(() => (this.dataset ? findAugmentationIssues(this.training.hyperparameters.augmentation, this.dataset, this.training.hyperparameters.testTimeShift) : []));

  /** Why Start is disabled, or null when a run can start. */
  readonly startProblem = $derived.by(() => {
    if (this.architectureProblem) return `The network is not ready. ${this.architectureProblem}`;
    const [issue] = [...this.training.issues, ...this.augmentationIssues];
    if (issue) return `Fix the training settings: ${issue.message}.`;
    return null;
  });

  constructor(api: WorkbenchApi) {
    this.catalog = new CatalogState(api);
    this.training = new TrainingState(api);
    this.runs = new RunsState(api);
    this.datasetImport = new DatasetImportState(api, this.catalog);
    this.designs = new DesignLibraryState(api);
    this.queue = new QueueState(api);
  }

  /**
   * Loads the catalog, then brings back the network being designed last time
   * (autosaved); the first time ever, starts from the default preset so no
   * view opens empty. From then on every change is autosaved.
   */
  async start(): Promise<void> {
    if (!(await this.catalog.load())) return;
    this.training.maxWorkers = this.catalog.appInfo?.maxWorkers ?? 1;
    if (!this.architecture.spec) {
      const working = await this.designs.restore();
      const preset = this.catalog.preset(working?.presetId ?? DEFAULT_PRESET_ID) ?? this.catalog.presets[0];
      // A run picked up meanwhile (a reload mid-training) keeps its settings in the form.
      if (preset) this.loadPreset(preset, { keepTrainingSettings: this.training.isRunActive });
      if (working) this.restoreWorking(working.architecture, working.presetId);
    }
    this.#autosave();
  }

  /** The autosaved network replaces the preset's as the start of this session's undo history. */
  private restoreWorking(spec: ArchitectureSpec, presetId: string | null): void {
    this.architecture.reset(spec);
    this.presetId = presetId;
    const fits = (d: { channels: number; height: number; width: number }) =>
      d.channels === spec.input.channels && d.height === spec.input.height && d.width === spec.input.width;
    if (this.dataset && fits(this.dataset)) return;
    const match = this.catalog.datasets.find(fits);
    if (match) this.selectDataset(match.id);
  }

  #autosaveStarted = false;

  #autosave(): void {
    if (this.#autosaveStarted) return;
    this.#autosaveStarted = true;
    // A reload right after an edit: write it now rather than after the quiet spell.
    window.addEventListener('pagehide', () => void this.designs.flush());
    $effect.root(() => {
      $effect(() => {
        const spec = this.architecture.spec;
        const presetId = this.presetId;
        if (spec) this.designs.schedule(spec, presetId);
      });
    });
  }

  /** A preset brings its network, the dataset it was designed for and its training recipe. */
  loadPreset(preset: PresetInfo, options: { keepTrainingSettings?: boolean } = {}): void {
    this.architecture.load(preset.architecture);
    this.presetId = preset.id;
    if (options.keepTrainingSettings) {
      if (this.training.datasetId) this.selectDataset(this.training.datasetId);
      return;
    }
    this.training.applyRecipe(preset.recipe);
    if (this.catalog.dataset(preset.datasetId)) this.selectDataset(preset.datasetId);
  }

  /** A network from a file: follows the dataset if it fits, else switches to the first dataset whose images fit. */
  loadArchitecture(spec: ArchitectureSpec): void {
    this.architecture.load(spec);
    this.presetId = null;
    const fits = (d: { channels: number; height: number; width: number }) =>
      d.channels === spec.input.channels && d.height === spec.input.height && d.width === spec.input.width;
    if (this.dataset && fits(this.dataset)) return;
    const match = this.catalog.datasets.find(fits);
    if (match) this.selectDataset(match.id);
  }

  /** The network's input follows the dataset: its image shape and its number of classes. */
  selectDataset(id: string): void {
    const dataset = this.catalog.dataset(id);
    if (!dataset) return;
    this.training.datasetId = id;
    this.architecture.numClasses = dataset.classNames.length;
    this.architecture.setInput({ channels: dataset.channels, height: dataset.height, width: dataset.width });
  }
}

export const [getWorkbench, setWorkbench] = createContext<Workbench>();
