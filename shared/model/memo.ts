/**
 * The `memo:<projectId>:<memoId>` document: the memo's body as `Y.Text` named `body`. Title,
 * author, kind and links are relational metadata (REST), so a memo list never opens a room.
 */
import type * as Y from 'yjs';

export const MEMO_BODY = 'body';

/** The memo's body text type. */
export function memoBody(doc: Y.Doc): Y.Text {
  return doc.getText(MEMO_BODY);
}

/** Fills an empty memo document with its first body (an import, or a new memo with text). */
export function initMemoDoc(doc: Y.Doc, body: string): void {
  if (body.length > 0) memoBody(doc).insert(0, body);
}
