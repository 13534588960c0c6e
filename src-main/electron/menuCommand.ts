// The native menu's commands travel to the renderer as the contract's
// `onMenuCommand` event (see common/api/contract.ts for what each means).

export type { MenuCommand } from '../../common/api/contract.js';

export const MENU_COMMAND_EVENT = 'onMenuCommand';
