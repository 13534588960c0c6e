// The API implementation the window talks to, behind one handle that can
// switch databases (File ▸ Open Database…) and shut down on quit. Free of
// Electron at runtime: the service opener and the event target are passed
// in, so switching, rollback and shutdown are tested with fakes.

import type { Unsubscribe, WorkbenchApi } from '../../common/api/contract.js';
import { createApiDispatcher, type ApiDispatcher } from '../api/dispatch.js';
import { forwardApiEvents, type EventRecipient } from './ipcBridge.js';

export interface ServiceHandle {
  api: WorkbenchApi;
  /** Stops the worker pool and closes the database. */
  close(): Promise<void>;
}

export interface WorkbenchSessionOptions {
  openService(databasePath: string): Promise<ServiceHandle>;
  events: EventRecipient;
  /** Unexpected failures with their stacks, for the log (the window only gets the message). */
  onInternalError(method: string, error: unknown): void;
}

interface OpenDatabase {
  databasePath: string;
  service: ServiceHandle;
  dispatcher: ApiDispatcher;
  stopForwarding: Unsubscribe;
}

async function openDatabase(options: WorkbenchSessionOptions, databasePath: string): Promise<OpenDatabase> {
  const service = await options.openService(databasePath);
  const dispatcher = createApiDispatcher(service.api, { onInternalError: options.onInternalError });
  const stopForwarding = forwardApiEvents(dispatcher, options.events);
  return { databasePath, service, dispatcher, stopForwarding };
}

async function closeDatabase(open: OpenDatabase): Promise<void> {
  open.stopForwarding();
  await open.service.close();
}

// TypeScript `private` rather than #fields: Electronegativity's scope analysis cannot parse #fields
// and would skip this file.
export class WorkbenchSession {
  private readonly options: WorkbenchSessionOptions;
  /** Pending while a database opens, so calls made meanwhile wait for it instead of failing. */
  private current: Promise<OpenDatabase>;
  private closed = false;

  private constructor(options: WorkbenchSessionOptions, first: Promise<OpenDatabase>) {
    this.options = options;
    this.current = first;
  }

  static async open(databasePath: string, options: WorkbenchSessionOptions): Promise<WorkbenchSession> {
    const first = openDatabase(options, databasePath);
    await first;
    return new WorkbenchSession(options, first);
  }

  async dispatcher(): Promise<ApiDispatcher> {
    return (await this.openOrThrow()).dispatcher;
  }

  async api(): Promise<WorkbenchApi> {
    return (await this.openOrThrow()).service.api;
  }

  async databasePath(): Promise<string> {
    return (await this.openOrThrow()).databasePath;
  }

  /**
   * Closes the open database and opens another. When the other one cannot be
   * opened, the previous database is opened again and the error is rethrown.
   * Switches queue behind each other.
   */
  async switchDatabase(databasePath: string): Promise<void> {
    const previousOpen = this.openOrThrow();
    const attempt = (async () => {
      const previous = await previousOpen;
      await closeDatabase(previous);
      try {
        return { open: await openDatabase(this.options, databasePath), failure: null };
      } catch (error) {
        return { open: await openDatabase(this.options, previous.databasePath), failure: { error } };
      }
    })();
    this.current = attempt.then((outcome) => outcome.open);
    // When even the previous database cannot be reopened, the caller hears it through `attempt`;
    // later calls fail with the same error when they await `current`.
    this.current.catch(() => undefined);
    const { failure } = await attempt;
    if (failure !== null) throw failure.error;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeDatabase(await this.current);
  }

  private openOrThrow(): Promise<OpenDatabase> {
    if (this.closed) return Promise.reject(new Error('The workbench is shutting down.'));
    return this.current;
  }
}
