import { ext, extWindows } from '../shared/browser';
import { COMMANDS, type CommandName, eventMessage } from '../shared/events';
import { type MessageKey, t } from '../shared/i18n';

const MENU_TITLES: Record<CommandName, MessageKey> = {
  'highlight-selection': 'menuHighlight',
  'highlight-with-note': 'menuHighlightWithNote',
};

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

/** Passes a keyboard command or context-menu choice to the content script of that tab. */
export async function runCommand(name: string, tabId: number | undefined): Promise<void> {
  if (!isCommand(name)) return;
  const target = tabId ?? (await ext.activeTab())?.id;
  if (target === undefined) return;
  await ext.sendToTab(target, eventMessage('command', { name })).catch(() => {
    // No content script there (a browser page, or a tab opened before install): nothing to do.
  });
}

/**
 * Context menus on a selection, and the keyboard shortcut (Alt+Shift+H by default,
 * changeable in the browser's shortcut settings). Menus are created at every start: the
 * browser keeps them across restarts in some cases and not others, and a duplicate id
 * only sets lastError, which createMenu swallows.
 */
export function registerCommands(): void {
  for (const name of COMMANDS) ext.createMenu(name, t(MENU_TITLES[name]));
  ext.onMenuClick((menuId, tabId) => void runCommand(menuId, tabId));
  ext.onCommand((command, tabId) => void runCommand(command, tabId));
  extWindows.createMenuFor(OPEN_PANEL, t('menuOpenPanel'), ['page', 'selection', 'action']);
  extWindows.onMenuClickIn((menuId, _tabId, windowId) => menuId === OPEN_PANEL && openPanel(windowId));
  extWindows.onCommandIn((command, _tabId, windowId) => command === OPEN_PANEL && openPanel(windowId));
}

/** The side panel's menu item and keyboard command (Alt+Shift+M by default, changeable). */
const OPEN_PANEL = 'open-side-panel';

/**
 * Both browsers open a side panel only in answer to the reader's action, so this runs in
 * the menu's or command's own listener, before anything is awaited.
 */
function openPanel(windowId: number | undefined): void {
  extWindows
    .openSidePanel(windowId)
    .catch((error: unknown) => console.warn('Marginalia: could not open the side panel', error));
}
