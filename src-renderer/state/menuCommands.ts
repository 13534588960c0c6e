// The desktop app's native menu (File: new, open, save, import) arrives as
// the contract's onMenuCommand event; each command does what the matching
// button in the views does. Serve mode never sends any.

import type { MenuCommand } from '../../common/api/contract.js';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from '../../common/arch/spec.js';
import { parseArchitectureJson } from '../../common/arch/validate.js';
import type { Route } from '../routing/routes.js';
import { downloadArchitecture } from '../views/design/architectureFile.js';
import type { Workbench } from './workbench.svelte.js';

export async function runMenuCommand(workbench: Workbench, command: MenuCommand, navigate: (route: Route) => void): Promise<void> {
  switch (command.command) {
    case 'new-architecture': {
      const dataset = workbench.dataset;
      const input = dataset ? { channels: dataset.channels, height: dataset.height, width: dataset.width } : { channels: 1, height: 28, width: 28 };
      const classes = dataset?.classNames.length ?? 10;
      // The smallest network that trains: a linear classifier, ready to grow by drag and drop.
      workbench.loadArchitecture({
        format: ARCHITECTURE_FORMAT,
        version: ARCHITECTURE_VERSION,
        name: 'untitled',
        input,
        layers: [{ type: 'flatten' }, { type: 'dense', units: classes }, { type: 'softmaxCrossEntropy' }],
      });
      navigate({ view: 'design' });
      return;
    }
    case 'open-architecture':
      workbench.loadArchitecture(parseArchitectureJson(command.text, command.fileName));
      navigate({ view: 'design' });
      return;
    case 'save-architecture':
      if (workbench.architecture.spec) downloadArchitecture(workbench.architecture.spec);
      return;
    case 'import-dataset': {
      // The Datasets view imports it: a folder of pictures needs its size and channels chosen there.
      workbench.datasetImport.path = command.path;
      navigate({ view: 'datasets', datasetId: null });
      return;
    }
  }
}
