/**
 * What changed in a codebook between two recorded versions: codes added, removed, merged (from the
 * merges recorded between the versions, since a merge otherwise looks like a removal), renamed,
 * moved to another parent, and redefined (definition, inclusion or exclusion criteria, examples).
 * Pure: plain codebooks in, plain lists out, in the later version's tree order.
 */
import type { CodebookEntry } from './codebookEntries.ts';

/** A merge recorded by `POST …/codes/merge`: the source's codings went to the target. */
export interface RecordedMerge {
  sourceId: string;
  targetId: string;
}

/** The fields that define a code, compared one by one. */
export const DEFINITION_FIELDS = ['description', 'inclusion', 'exclusion', 'examples'] as const;
export type DefinitionField = (typeof DEFINITION_FIELDS)[number];

export interface CodeRef {
  id: string;
  name: string;
}

export interface CodebookDiff {
  added: (CodeRef & { parentId: string | null })[];
  /** Codes gone without a recorded merge. */
  removed: CodeRef[];
  /** Codes gone into another code that is in the later version (chains of merges followed). */
  merged: (CodeRef & { into: CodeRef })[];
  renamed: { id: string; from: string; to: string }[];
  /** Parent changed (null: the top of the tree). */
  moved: (CodeRef & { fromParentId: string | null; toParentId: string | null })[];
  redefined: (CodeRef & {
    changes: { field: DefinitionField; before: string | string[]; after: string | string[] }[];
  })[];
}

const same = (a: string | string[], b: string | string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares two codebooks. `merges` are the merges recorded after `before` was taken and before
 * `after` was, in the order they happened.
 */
export function diffCodebooks(
  before: readonly CodebookEntry[],
  after: readonly CodebookEntry[],
  merges: readonly RecordedMerge[] = [],
): CodebookDiff {
  const old = new Map(before.map((c) => [c.id, c]));
  const now = new Map(after.map((c) => [c.id, c]));
  const mergedInto = new Map<string, string>();
  for (const m of merges) mergedInto.set(m.sourceId, m.targetId);

  const diff: CodebookDiff = { added: [], removed: [], merged: [], renamed: [], moved: [], redefined: [] };
  for (const code of after) {
    const was = old.get(code.id);
    if (!was) {
      diff.added.push({ id: code.id, name: code.name, parentId: code.parentId });
      continue;
    }
    if (was.name !== code.name) diff.renamed.push({ id: code.id, from: was.name, to: code.name });
    if (was.parentId !== code.parentId)
      diff.moved.push({
        id: code.id,
        name: code.name,
        fromParentId: was.parentId,
        toParentId: code.parentId,
      });
    const changes = DEFINITION_FIELDS.filter((f) => !same(was[f], code[f])).map((field) => ({
      field,
      before: was[field],
      after: code[field],
    }));
    if (changes.length > 0) diff.redefined.push({ id: code.id, name: code.name, changes });
  }
  for (const code of before) {
    if (now.has(code.id)) continue;
    // Follow A → B → C while the target is itself gone; a cycle or a dead end is a removal.
    let target = mergedInto.get(code.id);
    const seen = new Set([code.id]);
    while (target !== undefined && !now.has(target) && !seen.has(target)) {
      seen.add(target);
      target = mergedInto.get(target);
    }
    const into = target === undefined ? undefined : now.get(target);
    if (into) diff.merged.push({ id: code.id, name: code.name, into: { id: into.id, name: into.name } });
    else diff.removed.push({ id: code.id, name: code.name });
  }
  return diff;
}
