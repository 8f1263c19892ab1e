/**
 * Refuses, before it reaches the shared document, a text edit larger than the server takes in
 * one update (a 17 MiB paste): the server would close the connection, and the client would send
 * the same edit again on every reconnect while later edits never arrived.
 */
import { EditorState, type Extension, type Transaction } from '@codemirror/state';

/**
 * Bytes a Yjs update needs beyond the inserted text's UTF-8 (item header, client id, clock,
 * origins, a delete set when text is replaced): well under this.
 */
export const UPDATE_OVERHEAD_BYTES = 1024;

/** The UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character: 2 bytes for each half.
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** The UTF-8 bytes a transaction inserts. */
export function insertedBytes(tr: Transaction): number {
  let bytes = 0;
  tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => {
    let first = true;
    for (const line of inserted.iterLines()) {
      // Lines are joined by one "\n" each.
      bytes += utf8Length(line) + (first ? 0 : 1);
      first = false;
    }
  });
  return bytes;
}

/**
 * A transaction filter that drops a user's edit (typing, paste, drop) whose encoded size would
 * exceed `maxBytes()` (null: no limit known yet), and reports it. Changes from the shared
 * document carry no user event and always pass.
 *
 * @param maxBytes the largest update the server takes for this room, in bytes.
 * @param onRefused called with the edit's size and the limit, in bytes, after it was dropped.
 */
export function editSizeLimit(
  maxBytes: () => number | null,
  onRefused: (bytes: number, limit: number) => void,
): Extension {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || !(tr.isUserEvent('input') || tr.isUserEvent('move'))) return tr;
    const limit = maxBytes();
    if (limit === null) return tr;
    const bytes = insertedBytes(tr) + UPDATE_OVERHEAD_BYTES;
    if (bytes <= limit) return tr;
    queueMicrotask(() => onRefused(bytes, limit));
    return [];
  });
}
