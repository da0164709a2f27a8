/** Mutations are handled once the page has been quiet this long, or at the latest after MAX_WAIT_MS. */
const QUIET_MS = 150;
const MAX_WAIT_MS = 1000;

export interface PageWatch {
  signal: AbortSignal;
  /** Mutations that are ours (the toolbar coming and going) are not the page's changes. */
  isOurs(node: Node): boolean;
  /** Called once the page has settled after changing, or after its URL changed in place. */
  onSettled(): void;
}

export interface PageWatcher {
  /** Starts watching for DOM changes (only needed while the page has annotations). */
  observe(): void;
  /** Asks for `onSettled` soon, as if the page had changed. */
  poke(): void;
  /** Forgets the mutations queued so far: our own drawing (in the fallback painter) made them. */
  forget(): void;
}

/**
 * Watches the page for late content and single-page-app navigation, debounced so that a
 * page streaming in content is looked at once it settles, not once per node.
 */
export function watchPage({ signal, isOurs, onSettled }: PageWatch): PageWatcher {
  let observer: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstAt = 0;

  const poke = () => {
    if (signal.aborted) return;
    const now = performance.now();
    if (timer === undefined) firstAt = now;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = undefined;
        onSettled();
      },
      Math.max(0, Math.min(QUIET_MS, firstAt + MAX_WAIT_MS - now)),
    );
  };

  const isOnlyOurs = (record: MutationRecord) => {
    if (isOurs(record.target)) return true;
    const nodes = [...record.addedNodes, ...record.removedNodes];
    return nodes.length > 0 && nodes.every((n) => isOurs(n));
  };

  // URL changes without a load: history navigation, and (where the Navigation API exists)
  // pushState/replaceState too, which fire no other event.
  window.addEventListener('popstate', poke, { signal });
  const navigation = (window as unknown as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('navigatesuccess', poke, { signal });

  signal.addEventListener('abort', () => {
    observer?.disconnect();
    clearTimeout(timer);
  });

  return {
    observe() {
      if (observer || signal.aborted) return;
      observer = new MutationObserver((records) => {
        if (!records.every(isOnlyOurs)) poke();
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    },
    poke,
    forget() {
      observer?.takeRecords();
    },
  };
}
