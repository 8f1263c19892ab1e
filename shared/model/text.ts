/**
 * The `text:<documentId>` document: the transcript as `Y.Text` named `content`, plus a `meta` map
 * (title and source attributes) so the room is self-describing when exported.
 */
import type * as Y from 'yjs';

export const CONTENT = 'content';
const META = 'meta';

/** The transcript text type. */
export function contentText(doc: Y.Doc): Y.Text {
  return doc.getText(CONTENT);
}

/** The document's metadata map. */
export function textMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(META);
}

/** Fills an empty text document with its transcript and metadata. */
export function initTextDoc(
  doc: Y.Doc,
  init: { text: string; title: string; attributes?: Record<string, string> },
): void {
  doc.transact(() => {
    contentText(doc).insert(0, init.text);
    const meta = textMeta(doc);
    meta.set('title', init.title);
    meta.set('attributes', init.attributes ?? {});
  });
}
