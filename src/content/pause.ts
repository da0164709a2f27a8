/**
 * Lets the page run before we go on: `scheduler.yield()` where it exists (the task goes
 * on ahead of others), else a macrotask through a MessageChannel (setTimeout(0) is
 * clamped to 4 ms once nested, which a hundred slices would add up).
 */
export const pause = (): Promise<void> =>
  (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler?.yield?.() ??
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
