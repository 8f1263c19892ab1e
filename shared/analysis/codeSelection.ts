/**
 * Which codes an analysis is about: codes or themes named by id, with or without everything below
 * them in the codebook's `parentId` tree. Pure.
 */
import type { Code } from '../schemas.ts';

/** The selected code ids, in codebook order, or the ids named that are not in the codebook. */
export type CodeSelection = { ok: true; codes: string[] } | { ok: false; unknown: string[] };

/**
 * Selects codes from the codebook.
 *
 * @param codebook the codes in tree order (as `readCodebook` gives them).
 * @param named code or theme ids; absent or empty: every code in the codebook.
 * @param children whether a named code brings its descendants (any depth) along.
 * @returns the selected ids in codebook order (each once), or the unknown ids named.
 */
export function selectCodes(
  codebook: readonly Code[],
  named: readonly string[] | undefined,
  children: boolean,
): CodeSelection {
  if (!named || named.length === 0) return { ok: true, codes: codebook.map((c) => c.id) };
  const known = new Set(codebook.map((c) => c.id));
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length > 0) return { ok: false, unknown: [...new Set(unknown)] };
  const chosen = new Set(named);
  if (children) {
    const below = new Map<string, string[]>();
    for (const code of codebook) {
      if (code.parentId === null) continue;
      below.set(code.parentId, [...(below.get(code.parentId) ?? []), code.id]);
    }
    // A parent cycle cannot loop forever: each code is taken once.
    const queue = [...chosen];
    while (queue.length > 0) {
      for (const child of below.get(queue.pop()!) ?? []) {
        if (chosen.has(child)) continue;
        chosen.add(child);
        queue.push(child);
      }
    }
  }
  return { ok: true, codes: codebook.filter((c) => chosen.has(c.id)).map((c) => c.id) };
}
