/**
 * The benchmark's peer: the real Hypothesis client's HTML anchoring
 * (bench/peers/hypothesis-anchoring, copied unmodified, BSD-2-Clause). Its own describe()
 * makes the selectors it would store (RangeSelector with XPaths, TextPositionSelector,
 * TextQuoteSelector); its own anchor() restores them, trying the RangeSelector's XPaths
 * first, as the client does. bench/run.mjs bundles the peer apart, as `window.hypothesis`,
 * so that its files stay out of our type-check (they import the client's own types).
 */
interface Peer {
  describe(root: Element, range: Range): unknown[];
  anchor(root: Element, selectors: unknown[]): Promise<Range>;
}
const peer = () => (globalThis as unknown as { hypothesis: Peer }).hypothesis;

export type HypothesisSelectors = unknown[];

export function describeHypothesis(root: Element, range: Range): HypothesisSelectors {
  return peer().describe(root, range);
}

/** A Range for the selectors, or undefined where Hypothesis gives up. */
export async function anchorHypothesis(root: Element, selectors: HypothesisSelectors): Promise<Range | undefined> {
  try {
    return await peer().anchor(root, selectors);
  } catch {
    return undefined;
  }
}
