/**
 * A short fingerprint of a note (cyrb53), carried with each synced note as "the note this
 * one was edited from". The conflict rule uses it to tell an older version of the same note
 * (superseded: no conflicted copy) from a note edited elsewhere at the same time (kept as a
 * conflicted copy). Not a security measure: it is encrypted with the rest of the body.
 */
export function noteHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
