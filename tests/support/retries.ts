/**
 * A test that does something again, as a reader would (select again when no toolbar came;
 * reload again when a highlight just made is not back yet), says so: one line per retry,
 * which tests/support/skip-reporter.ts counts in the run's last lines. A first attempt that
 * failed is then seen, not hidden.
 */
export function noteRetry(what: string, attempt: number, error: unknown): void {
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.warn(`RETRY (attempt ${attempt + 1}) ${what}: the first try gave ${why}`);
}
