/**
 * Quick codes: the number keys 1–9 apply codes that can carry codings (codes nobody is parent of).
 * Keys stay with their codes: once a code has a key it keeps it while it can be applied, a new code
 * takes the lowest free key rather than shifting the others, and a key is freed only when its code
 * is removed or gets codes of its own. The assignment is kept per user and project in the browser,
 * so the key a coder learnt still applies the same code after the codebook is revised. Pure.
 */
import { z } from 'zod';
import type { Code } from '../../../shared/schemas.ts';

/** The number keys, as the palette shows them. */
export const QUICK_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Key ("1"–"9") → the code it applies (its id, and its name to tell the coder if it goes). */
export const QuickKeysSchema = z.partialRecord(
  z.enum(QUICK_KEYS),
  z.object({ id: z.string().min(1), name: z.string() }),
);
export type QuickKeys = z.infer<typeof QuickKeysSchema>;

/** A key that applied one code before and another one (or none) now. */
export interface QuickKeyChange {
  key: string;
  /** The code the key applied before, and whether it is still in the codebook (as a theme). */
  from: { id: string; name: string; stillThere: boolean };
  /** The name of the code it applies now, or null when the key is free. */
  to: string | null;
}

/** Codes that are nobody's parent, in tree order (the codebook is read in tree order). */
export function leafCodes(codes: readonly Code[]): Code[] {
  const parents = new Set(codes.map((c) => c.parentId).filter((p): p is string => p !== null));
  return codes.filter((c) => !parents.has(c.id));
}

/**
 * The keys for the codebook as it is now, keeping every earlier assignment whose code can still be
 * applied; codes without a key get the free keys, lowest first, in tree order. With no earlier
 * assignment (a first visit) the first nine codes get 1–9 in tree order. `changes` lists the keys
 * that applied another code before (never a key that simply gains a code); renaming a code changes
 * no key.
 */
export function assignQuickKeys(
  previous: QuickKeys | null,
  codes: readonly Code[],
): { keys: QuickKeys; changes: QuickKeyChange[] } {
  const leaves = leafCodes(codes);
  const byId = new Map(leaves.map((c) => [c.id, c]));
  const keys: QuickKeys = {};
  const taken = new Set<string>();
  for (const key of QUICK_KEYS) {
    const code = byId.get(previous?.[key]?.id ?? '');
    if (code && !taken.has(code.id)) {
      keys[key] = { id: code.id, name: code.name };
      taken.add(code.id);
    }
  }
  const waiting = leaves.filter((c) => !taken.has(c.id));
  for (const key of QUICK_KEYS) {
    if (keys[key] !== undefined) continue;
    const next = waiting.shift();
    if (!next) break;
    keys[key] = { id: next.id, name: next.name };
  }
  const present = new Set(codes.map((c) => c.id));
  const changes: QuickKeyChange[] = [];
  for (const key of QUICK_KEYS) {
    const from = previous?.[key];
    if (from === undefined || keys[key]?.id === from.id) continue;
    changes.push({
      key,
      from: { id: from.id, name: from.name, stillThere: present.has(from.id) },
      to: keys[key]?.name ?? null,
    });
  }
  return { keys, changes };
}

/** A stored assignment read back, or null when there is none or it is not one (then start afresh). */
export function parseQuickKeys(stored: string | null): QuickKeys | null {
  if (stored === null) return null;
  try {
    const parsed = QuickKeysSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON (written by hand, or cut short): the keys start afresh.
    return null;
  }
}

/** Where the browser keeps one user's keys for one project. */
export function quickKeysStorageKey(userId: string, projectId: string): string {
  return `concord:quick-keys:${userId}:${projectId}`;
}

/** Code id → its key, for the palette. */
export function keyOfCode(keys: QuickKeys): Map<string, string> {
  return new Map(
    QUICK_KEYS.flatMap((key) => {
      const id = keys[key]?.id;
      return id === undefined ? [] : [[id, key] as const];
    }),
  );
}

/** The code id behind a quick-code index (0–8), or null. */
export function codeOnKey(keys: QuickKeys, index: number): string | null {
  const key = QUICK_KEYS[index];
  return key === undefined ? null : (keys[key]?.id ?? null);
}

/**
 * The notice of keys that changed, in words, or null when none did: "Quick keys changed: 3 now
 * applies “Discharge coordination” (it applied “Families not informed”, which was removed)."
 */
export function describeQuickKeyChanges(changes: readonly QuickKeyChange[]): string | null {
  if (changes.length === 0) return null;
  const parts = changes.map((c) => {
    const why = c.from.stillThere ? 'which now holds codes of its own' : 'which was removed';
    const was = `it applied “${c.from.name}”, ${why}`;
    return c.to === null
      ? `${c.key} applies nothing now (${was})`
      : `${c.key} now applies “${c.to}” (${was})`;
  });
  return `Quick keys changed: ${parts.join('; ')}.`;
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
