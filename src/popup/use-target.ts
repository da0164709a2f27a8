import { useEffect, useState } from 'preact/hooks';
import { extWindows } from '../shared/browser';
import { onEvents } from '../shared/events';
import { panelTargetUrl, type Target, targetOf, targetUrl } from './target-url';

/** The popup's page: `?url=` or the active tab, looked up once. */
export function usePopupTarget(search: string, enabled: boolean): Target {
  const [target, setTarget] = useState<Target>({ kind: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    targetUrl(search)
      .then((found) => setTarget(targetOf(found)))
      .catch(() => setTarget({ kind: 'none' }));
  }, [search, enabled]);
  return target;
}

/**
 * The side panel's page, kept current: another tab activated in the panel's window, or the
 * active tab on another page (a navigation, a reload, a single-page app's move), as the
 * background announces when the tab's content script speaks.
 */
export function usePanelTarget(enabled: boolean): Target {
  const [target, setTarget] = useState<Target>({ kind: 'loading' });
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    let asked = 0;
    let activeTab: number | undefined;
    let windowId: number | undefined;
    const refresh = () => {
      const ask = ++asked;
      panelTargetUrl()
        .then(({ tabId, found }) => {
          if (!live || ask !== asked) return;
          const sameTab = tabId === activeTab;
          activeTab = tabId;
          const next = targetOf(found);
          // The same tab reloading, or back on the same page, keeps its view (and what the
          // reader is typing there) until the page says otherwise.
          setTarget((shown) => {
            if (shown.kind !== 'page') return next;
            if (sameTab && next.kind === 'loading') return shown;
            return next.kind === 'page' && shown.url === next.url ? shown : next;
          });
        })
        .catch(() => live && ask === asked && setTarget({ kind: 'none' }));
    };
    extWindows
      .currentWindowId()
      .then((id) => {
        windowId = id;
      })
      .catch(() => undefined);
    const stopActivated = extWindows.onTabActivated((_tabId, inWindow) => {
      if (windowId === undefined || inWindow === windowId) refresh();
    });
    const stopEvents = onEvents({
      'tab/page': ({ tabId }) => {
        if (tabId === activeTab) refresh();
      },
    });
    refresh();
    return () => {
      live = false;
      stopActivated();
      stopEvents();
    };
  }, [enabled]);
  return target;
}
