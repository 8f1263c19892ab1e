/**
 * Code groups (ATLAS.ti code groups, MAXQDA code sets, NVivo sets of codes): names of groups a code
 * belongs to, beside the hierarchy. Kept as an extra field `groups` of the code's `Y.Map` in the
 * `codebook:<projectId>` room, as the code details are, so older readers ignore it.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { codesMap } from './codebook.ts';

const GroupsSchema = z.array(z.string().min(1).max(200)).max(100).catch([]);

/** Group names by code id, for codes that belong to any group. */
export function readCodeGroups(doc: Y.Doc): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [id, entry] of codesMap(doc)) {
    const list = GroupsSchema.parse(entry.get('groups') ?? []);
    if (list.length > 0) groups.set(id, list);
  }
  return groups;
}

/** Sets the groups of a code (no-op when the code does not exist). */
export function setCodeGroups(doc: Y.Doc, codeId: string, groups: readonly string[]): void {
  codesMap(doc)
    .get(codeId)
    ?.set('groups', GroupsSchema.parse([...groups]));
}
