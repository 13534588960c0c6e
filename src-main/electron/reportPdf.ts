// "Save as PDF" for reports in the desktop app: the person picks a file, the
// report (self-contained HTML) is laid out in a hidden window with scripts
// off and its own empty, in-memory session, and Chromium prints it with
// printToPDF. Serve mode has no such printer; its page offers the HTML.

import { BrowserWindow, dialog } from 'electron/main';
import type { SaveDialogOptions } from 'electron/main';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportFile } from '../../common/api/insightApi.js';

function hiddenPrinter(): BrowserWindow {
  const printer = new BrowserWindow({
    show: false,
    width: 1100,
    height: 1400,
    webPreferences: {
      partition: 'report-printer',
      javascript: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  // The report links only to its own sections: nothing may navigate away or open a window.
  printer.webContents.on('will-navigate', (event) => event.preventDefault());
  printer.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  return printer;
}

export function reportPdfSaver(window: () => BrowserWindow | null): (report: ReportFile) => Promise<string | null> {
  return async (report) => {
    const options: SaveDialogOptions = {
      title: 'Save the report as PDF',
      defaultPath: report.fileName.replace(/\.html$/, '.pdf'),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    };
    const owner = window();
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return null;
    // A file rather than a data: URL, which Chromium limits in size; removed once printed.
    const folder = await mkdtemp(join(tmpdir(), 'cnn-workbench-report-'));
    const printer = hiddenPrinter();
    try {
      const page = join(folder, report.fileName);
      await writeFile(page, report.html);
      await printer.loadFile(page);
      const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { top: 0.4, bottom: 0.4, left: 0.4, right: 0.4 } });
      await writeFile(choice.filePath, pdf);
      return choice.filePath;
    } finally {
      printer.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  };
}
