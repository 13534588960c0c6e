// The main-process half of the IPC carrier, free of Electron at runtime so it
// is tested with fakes: the handler behind `ipcMain.handle(INVOKE_CHANNEL)`
// and the forwarding of API events to the window. The same dispatcher as
// serve mode's WebSocket does the allow-listing and error mapping; this file
// adds what only IPC needs — checking which frame is calling.

import { API_EVENTS } from '../../common/api/contract.js';
import type { Unsubscribe } from '../../common/api/contract.js';
import type { ApiResponse } from '../../common/api/carrier.js';
import type { ApiDispatcher } from '../api/dispatch.js';
import { eventChannel } from './ipcChannels.js';
import { isTrustedSender } from './security.js';

/** The part of Electron's IpcMainInvokeEvent the handler reads. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

export class UntrustedSenderError extends Error {
  constructor(frameUrl: string | null) {
    super(`Refused a workbench API call from ${frameUrl === null ? 'a frame that no longer exists' : JSON.stringify(frameUrl)}.`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * @param currentDispatcher resolves to the dispatcher of the open database (it changes when
 *   another database is opened, and calls made meanwhile wait for the new one).
 */
export function createInvokeHandler(currentDispatcher: () => Promise<ApiDispatcher>) {
  return async (event: InvokeEventLike, method: unknown, args: unknown): Promise<ApiResponse> => {
    const frameUrl = event.senderFrame?.url ?? null;
    if (!isTrustedSender(frameUrl)) throw new UntrustedSenderError(frameUrl);
    const dispatcher = await currentDispatcher();
    return dispatcher.invoke(method, args);
  };
}

/** The part of a WebContents events are sent through. */
export interface EventRecipient {
  /** The URL the window shows now; events go only to the app itself. */
  currentUrl(): string | null;
  send(channel: string, payload: unknown): void;
}

/** Subscribes to every API event and sends each to the window on its own channel. */
export function forwardApiEvents(dispatcher: ApiDispatcher, target: EventRecipient): Unsubscribe {
  const unsubscribers = API_EVENTS.map((event) =>
    dispatcher.subscribe(event, (payload) => {
      if (isTrustedSender(target.currentUrl())) target.send(eventChannel(event), payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
