/**
 * The `codebook:<projectId>` document: one nested `Y.Map` per code under `codes`, so two people
 * renaming and recolouring the same code at once both win field by field.
 */
import * as Y from 'yjs';
import { CodeSchema, type Code } from '../schemas.ts';

const CODES = 'codes';

/** The shared map of codes, by id. */
export function codesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(CODES);
}

/** Adds or replaces a code; call inside a transaction to batch several. */
export function putCode(doc: Y.Doc, code: Code): void {
  const parsed = CodeSchema.parse(code);
  const entry = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(parsed)) entry.set(key, value);
  codesMap(doc).set(parsed.id, entry);
}

/** A code entry that failed validation: reported, never silently dropped. */
export interface InvalidCode {
  id: string;
  issues: string[];
}

/** Reads the codebook as plain, validated data, sorted as a tree walk would show it. */
export function readCodebook(doc: Y.Doc): { codes: Code[]; invalid: InvalidCode[] } {
  const codes: Code[] = [];
  const invalid: InvalidCode[] = [];
  for (const [id, entry] of codesMap(doc)) {
    const result = CodeSchema.safeParse(entry instanceof Y.Map ? entry.toJSON() : entry);
    if (result.success) codes.push(result.data);
    else invalid.push({ id, issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  }
  return { codes: treeOrder(codes), invalid };
}

/** Depth-first: each theme followed by its codes, siblings by `order` then name. */
function treeOrder(codes: Code[]): Code[] {
  const ids = new Set(codes.map((c) => c.id));
  const children = new Map<string | null, Code[]>();
  for (const code of codes) {
    // A code whose parent is missing is shown at the top rather than lost.
    const parent = code.parentId !== null && ids.has(code.parentId) ? code.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), code]);
  }
  const ordered: Code[] = [];
  const visited = new Set<string>();
  const walk = (parent: string | null) => {
    const siblings = (children.get(parent) ?? []).sort(
      (a, b) => a.order - b.order || a.name.localeCompare(b.name),
    );
    for (const code of siblings) {
      if (visited.has(code.id)) continue;
      visited.add(code.id);
      ordered.push(code);
      walk(code.id);
    }
  };
  walk(null);
  // Codes caught in a parent cycle are unreachable from the top: append them rather than drop them.
  for (const code of codes) if (!visited.has(code.id)) ordered.push(code);
  return ordered;
}

/** "Theme › Code" paths by code id, for exports and reports. */
export function codePaths(codes: readonly Code[]): Map<string, string> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const paths = new Map<string, string>();
  for (const code of codes) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (
      let c: Code | undefined = code;
      c && !seen.has(c.id);
      c = c.parentId ? byId.get(c.parentId) : undefined
    ) {
      seen.add(c.id);
      names.unshift(c.name);
    }
    paths.set(code.id, names.join(' › '));
  }
  return paths;
}
