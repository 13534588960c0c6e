// The Electron preload exposes the API contract as `window.workbench`
// (contextBridge); in serve mode it is absent and connect.ts uses the socket.

import type { WorkbenchApi } from '../../common/api/contract.js';

declare global {
  interface Window {
    readonly workbench?: WorkbenchApi;
  }
}

export {};
