import { ext } from '../../shared/browser';
import { t } from '../../shared/i18n';
import type { Handlers } from '../../shared/messages';
import { MessageError } from '../../shared/messages';
import type { SyncSetup } from '../../shared/sync-types';
import { type CheckResult, checkSetup, keysForEnable, SetupRefused } from './couch';
import { sync } from './index';
import { originOf } from './service';

type SyncNames = 'sync/status' | 'sync/test' | 'sync/enable' | 'sync/now' | 'sync/disable';

/** The options page asks for the server's origin first; without it nothing is contacted. */
async function permitted(setup: SyncSetup): Promise<CheckResult | undefined> {
  const origin = originOf(setup.server);
  if (await ext.hasOrigin(origin).catch(() => false)) return undefined;
  return { ok: false, code: 'no-permission', message: t('syncCheckNoPermission', origin) };
}

/** The sync messages (docs/sync.md); extension pages only (see RULES). */
export const syncHandlers: Pick<Handlers, SyncNames> = {
  async 'sync/status'() {
    return sync.current();
  },
  async 'sync/test'({ create, ...setup }) {
    const refused = await permitted(setup);
    if (refused) return refused;
    const { keys: _keys, keyDoc: _keyDoc, ...check } = await checkSetup(setup, create === true);
    return check;
  },
  async 'sync/enable'(setup) {
    const refused = await permitted(setup);
    if (refused) throw new MessageError('sync', refused.message);
    try {
      const { keys, salt } = await keysForEnable(setup);
      return await sync.enable(setup, keys, salt);
    } catch (error) {
      if (error instanceof SetupRefused) throw new MessageError('sync', error.message);
      throw error;
    }
  },
  async 'sync/now'() {
    return sync.now();
  },
  async 'sync/disable'() {
    return sync.disable();
  },
};
