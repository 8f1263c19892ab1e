/** Quick codes: the number keys 1–9 apply the first nine codes that can carry codings. Pure. */
import type { Code } from '../../../shared/schemas.ts';

/** Codes that are nobody's parent, in tree order (the codebook is read in tree order). */
export function leafCodes(codes: readonly Code[]): Code[] {
  const parents = new Set(codes.map((c) => c.parentId).filter((p): p is string => p !== null));
  return codes.filter((c) => !parents.has(c.id));
}

/** The codes behind keys 1–9, in key order. */
export function quickCodes(codes: readonly Code[]): Code[] {
  return leafCodes(codes).slice(0, 9);
}

/** The quick-code index (0–8) a key press names, or null. `Digit1` and the numpad both count. */
export function quickCodeIndex(key: string): number | null {
  const m = /^(?:Digit|Numpad)?([1-9])$/.exec(key);
  return m ? Number(m[1]) - 1 : null;
}

/** Codes whose name, or whose parent's name, contains every word of the query (case-insensitive). */
export function searchCodes(codes: readonly Code[], query: string): Code[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...codes];
  const byId = new Map(codes.map((c) => [c.id, c]));
  return codes.filter((c) => {
    const parent = c.parentId ? (byId.get(c.parentId)?.name ?? '') : '';
    const haystack = `${c.name} ${parent} ${c.description}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Depth of each code in the tree (0 at the top), for indenting lists. */
export function codeDepths(codes: readonly Code[]): Map<string, number> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const depths = new Map<string, number>();
  for (const code of codes) {
    let depth = 0;
    const seen = new Set<string>([code.id]);
    for (let p = code.parentId; p !== null && byId.has(p) && !seen.has(p); p = byId.get(p)!.parentId) {
      seen.add(p);
      depth++;
    }
    depths.set(code.id, depth);
  }
  return depths;
}
