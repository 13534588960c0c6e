// The native picker behind the dataset panel's "Choose…" buttons: the
// sandboxed page cannot see paths, so the main process asks and hands back
// only the path the person chose.

import { dialog } from 'electron/main';
import type { BrowserWindow, OpenDialogOptions } from 'electron/main';
import type { DatasetPathKind } from '../../common/api/contract.js';

const DIALOGS: Record<DatasetPathKind, OpenDialogOptions> = {
  folder: { title: 'Choose a dataset folder (pictures in class folders, IDX or CIFAR-10)', properties: ['openDirectory'] },
  file: {
    title: 'Choose a dataset file (a filename,label CSV or a CIFAR-10 archive)',
    properties: ['openFile'],
    filters: [{ name: 'CSV manifests and archives', extensions: ['csv', 'gz', 'tgz', 'tar'] }],
  },
};

export function datasetPathChooser(window: () => BrowserWindow | null): (kind: DatasetPathKind) => Promise<string | null> {
  return async (kind) => {
    const options = DIALOGS[kind];
    if (!options) return null;
    const owner = window();
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
