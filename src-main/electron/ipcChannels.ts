// The IPC channel names the preload and the main process agree on. Every
// method call travels on one channel (the dispatcher enforces the contract's
// allow-list on the method name); each event has its own channel so the
// preload can listen to exactly the events the renderer subscribes to.

export const INVOKE_CHANNEL = 'workbench:invoke';

export function eventChannel(event: string): string {
  return `workbench:${event}`;
}
