import { useEffect, useState } from 'preact/hooks';
import { ext } from '../shared/browser';
import { t } from '../shared/i18n';
import { send } from '../shared/messages';
import { syncStatusText } from '../shared/sync-status-text';
import type { SyncCheck, SyncSetup } from '../shared/sync-types';
import { useSyncStatus } from '../shared/use-sync-status';

type Field = keyof SyncSetup;
type Result = { text: string; error: boolean; canCreate?: boolean } | null;

const EMPTY: SyncSetup = { server: '', database: '', username: '', password: '', passphrase: '' };

/** The server's origin (what the permission is asked for), or null when it is no http(s) address. */
function originOf(server: string): string | null {
  try {
    const url = new URL(server);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Options → Sync: the reader's own CouchDB server, and the passphrase their notes are
 * encrypted with. Nothing here talks to a server until the reader presses Test connection
 * or Turn on sync; each of those first asks the browser for that one origin, straight from
 * the click (a permission request needs the reader's gesture, so nothing is awaited first).
 */
export function SyncSection() {
  const [status, setStatus] = useSyncStatus();
  const [setup, setSetup] = useState<SyncSetup>(EMPTY);
  const [result, setResult] = useState<Result>(null);
  const [busy, setBusy] = useState(false);

  // A server used before is offered again, once (never its password: the background keeps
  // none for this page), unless the reader has started typing.
  const known = status !== null;
  useEffect(() => {
    if (!status?.server && !status?.database) return;
    setSetup((typed) =>
      typed === EMPTY ? { ...EMPTY, server: status.server ?? '', database: status.database ?? '' } : typed,
    );
  }, [known]);

  const field = (
    name: Field,
    label: string,
    type: 'url' | 'text' | 'password',
    autoComplete: string,
    hint?: string,
  ) => (
    <label class="row sync-field">
      <span class="name">{label}</span>
      <input
        type={type}
        name={name}
        value={setup[name]}
        autoComplete={autoComplete}
        spellcheck={false}
        autoCapitalize="off"
        placeholder={hint}
        onInput={(e) => setSetup({ ...setup, [name]: (e.target as HTMLInputElement).value })}
      />
    </label>
  );

  /** What is missing or malformed in the form, said as the reader should fix it. */
  const problem = (s: SyncSetup): string | null => {
    if (!originOf(s.server)) return t('syncBadAddress');
    if (!s.database) return t('syncMissing', t('syncDatabase'));
    if (!s.passphrase) return t('syncMissing', t('syncPassphrase'));
    return null;
  };

  /**
   * Asks for the server's origin, then runs `then` with the trimmed setup. Called from the
   * click itself: `requestOrigin` must be the first thing that happens.
   */
  const withPermission = (then: (s: SyncSetup) => Promise<void>) => {
    const s: SyncSetup = {
      ...setup,
      server: setup.server.trim(),
      database: setup.database.trim(),
      username: setup.username.trim(),
    };
    const wrong = problem(s);
    if (wrong) {
      setResult({ text: wrong, error: true });
      return;
    }
    const origin = originOf(s.server)!;
    const asked = ext.requestOrigin(origin);
    setBusy(true);
    setResult(null);
    asked
      .then((granted) => (granted ? then(s) : setResult({ text: t('syncPermissionDenied', origin), error: true })))
      .catch((error: unknown) => setResult({ text: errorText(error), error: true }))
      .finally(() => setBusy(false));
  };

  const showCheck = (check: SyncCheck) =>
    setResult({ text: check.message, error: !check.ok, canCreate: !check.ok && check.canCreate === true });

  const test = (create: boolean) =>
    withPermission(async (s) => {
      setResult({ text: t(create ? 'syncCreating' : 'syncTesting'), error: false });
      showCheck(await send('sync/test', create ? { ...s, create: true } : s));
    });

  const turnOn = () =>
    withPermission(async (s) => {
      setResult({ text: t('syncTurningOn'), error: false });
      setStatus(await send('sync/enable', s));
      // The background keeps the key it derived; the page keeps no secret once sync is on.
      setSetup({ ...s, password: '', passphrase: '' });
      setResult(null);
    });

  const act = (run: () => Promise<void>) => {
    setBusy(true);
    run()
      .catch((error: unknown) => setResult({ text: errorText(error), error: true }))
      .finally(() => setBusy(false));
  };
  const syncNow = () => act(async () => setStatus(await send('sync/now', {})));
  const turnOff = () =>
    act(async () => {
      setStatus(await send('sync/disable', {}));
      setResult({ text: t('syncTurnedOff'), error: false });
    });

  const on = status !== null && status.state !== 'off';
  // The status is an <output> (a live region, role status, by its element): the page's own
  // "Saved." line stays the first element that says role="status".
  return (
    <fieldset class="sync" aria-busy={busy}>
      <legend>{t('syncTitle')}</legend>
      <p class="hint">{t('syncHint')}</p>
      {on ? (
        <>
          <p class="sync-target">{t('syncTarget', status.server ?? '', status.database ?? '')}</p>
          <output class={`sync-state sync-${status.state}`} aria-live="polite">
            {syncStatusText(status)}
          </output>
          <div class="sync-buttons">
            <button type="button" disabled={busy} onClick={syncNow}>
              {t('syncNow')}
            </button>
            <button type="button" disabled={busy} onClick={turnOff}>
              {t('syncDisable')}
            </button>
          </div>
          <p class="hint">{t('syncChangeHint')}</p>
        </>
      ) : (
        <form onSubmit={(e) => e.preventDefault()}>
          {field('server', t('syncServer'), 'url', 'url', 'https://couch.example.com:6984')}
          {field('database', t('syncDatabase'), 'text', 'off', 'marginalia')}
          {field('username', t('syncUsername'), 'text', 'username')}
          {field('password', t('syncPassword'), 'password', 'current-password')}
          {field('passphrase', t('syncPassphrase'), 'password', 'new-password')}
          <p class="hint">{t('syncPassphraseHint')}</p>
          <div class="sync-buttons">
            <button type="button" disabled={busy} onClick={() => test(false)}>
              {t('syncTest')}
            </button>
            <button type="button" disabled={busy} onClick={turnOn}>
              {t('syncEnable')}
            </button>
          </div>
          {status && (
            <output class="sync-state sync-off" aria-live="polite">
              {syncStatusText(status)}
            </output>
          )}
        </form>
      )}
      <div class="sync-result" role="alert">
        {result && <p class={result.error ? 'error' : 'hint'}>{result.text}</p>}
        {result?.canCreate && !on && (
          <button type="button" disabled={busy} onClick={() => test(true)}>
            {t('syncCreate')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
