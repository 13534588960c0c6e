// The preload: hands the renderer the workbench API contract and nothing
// else. Bundled into one CommonJS file (dist/src-main/electron/preload.cjs)
// because a sandboxed preload can require only Electron's renderer modules,
// never a second file of its own.

import { contextBridge, ipcRenderer } from 'electron/renderer';
import { createPreloadApi } from './preloadApi.js';

contextBridge.exposeInMainWorld('workbench', createPreloadApi(ipcRenderer));
