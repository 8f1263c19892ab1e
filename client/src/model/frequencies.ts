/** How often each code was applied: in total, per coder, and in how many documents. Pure. */

export interface CodeFrequency {
  total: number;
  byCoder: Map<string, number>;
  documents: number;
}

export function codeFrequencies(
  documents: Iterable<{ codings: readonly { code: string; coder: string }[] }>,
): Map<string, CodeFrequency> {
  const out = new Map<string, CodeFrequency>();
  for (const doc of documents) {
    const seenHere = new Set<string>();
    for (const c of doc.codings) {
      let f = out.get(c.code);
      if (!f) out.set(c.code, (f = { total: 0, byCoder: new Map(), documents: 0 }));
      f.total++;
      f.byCoder.set(c.coder, (f.byCoder.get(c.coder) ?? 0) + 1);
      if (!seenHere.has(c.code)) {
        seenHere.add(c.code);
        f.documents++;
      }
    }
  }
  return out;
}
