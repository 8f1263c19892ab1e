/** Edits to the codebook room: fields, new codes, moves. Each is one transaction, so it arrives whole. */
import type * as Y from 'yjs';
import { codesMap, putCode, readCodebook } from '../../../shared/model/codebook.ts';
import { CodeSchema, type Code } from '../../../shared/schemas.ts';
import { childrenOf, planMove, type TreePlace } from '../model/codeTree.ts';

/** The fields of a code itself that the codebook page edits. */
export type CodeField = 'name' | 'color' | 'description';

/** Sets one field of a code, validated like the rest of the codebook. */
export function setCodeField(doc: Y.Doc, id: string, field: CodeField, value: string): boolean {
  const parsed = CodeSchema.shape[field].safeParse(value);
  if (!parsed.success) return false;
  codesMap(doc).get(id)?.set(field, parsed.data);
  return true;
}

/** Adds a code (or a theme: a code at the top) as the last child of its parent; returns its id. */
export function createCode(
  doc: Y.Doc,
  init: { name: string; parentId: string | null; color: string },
): string {
  const id = crypto.randomUUID();
  const siblings = childrenOf(readCodebook(doc).codes, init.parentId);
  const order = siblings.length === 0 ? 0 : Math.max(...siblings.map((c) => c.order)) + 1;
  putCode(doc, { id, name: init.name, parentId: init.parentId, color: init.color, description: '', order });
  return id;
}

/** Moves a code in the tree; returns false when the move is impossible. */
export function moveCode(doc: Y.Doc, codes: readonly Code[], id: string, place: TreePlace): boolean {
  const changes = planMove(codes, id, place);
  if (changes.length === 0) return false;
  const map = codesMap(doc);
  doc.transact(() => {
    for (const change of changes) {
      const entry = map.get(change.id);
      if (!entry) continue;
      if (entry.get('parentId') !== change.parentId) entry.set('parentId', change.parentId);
      if (entry.get('order') !== change.order) entry.set('order', change.order);
    }
  });
  return true;
}

/** Removes a code nobody applied; its codes move up to its parent. */
export function deleteCode(doc: Y.Doc, codes: readonly Code[], id: string): void {
  const code = codes.find((c) => c.id === id);
  if (!code) return;
  const map = codesMap(doc);
  doc.transact(() => {
    for (const child of codes.filter((c) => c.parentId === id))
      map.get(child.id)?.set('parentId', code.parentId);
    map.delete(id);
  });
}
