// What the native menu asks of the renderer. Dialogs that need the file
// system run in the main process (a sandboxed page cannot read paths); the
// result travels to the renderer as an `onMenuCommand` event on the same
// contract as every other event, so the renderer handles it exactly like its
// own buttons.
//
// The type belongs in common/api/contract.ts next to the other events (with
// `onMenuCommand` in WorkbenchApi and API_EVENTS); it lives here until the
// contract carries it.

export type MenuCommand =
  | { command: 'new-architecture' }
  /** The text of a file the person chose; the renderer validates it like any other import. */
  | { command: 'open-architecture'; fileName: string; text: string }
  /** The renderer saves its architecture as a download; the shell shows the save dialog for it. */
  | { command: 'save-architecture' }
  /** A folder or archive the person chose; the renderer calls importDataset(path) and shows the outcome. */
  | { command: 'import-dataset'; path: string };

export const MENU_COMMAND_EVENT = 'onMenuCommand';
