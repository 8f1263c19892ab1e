/**
 * Refuses, before it reaches the shared document, a text edit the server would not take: one
 * larger than it takes in one update (a 17 MiB paste), or one that would grow the transcript past
 * the most a room may hold (three 11 MiB pastes). The server would close the connection, and the
 * browser's copy would send the same edit again on every reconnect and reload while later edits
 * never arrived.
 */
import { EditorState, type Extension, type Text, type Transaction } from '@codemirror/state';

/**
 * Bytes a Yjs update needs beyond the inserted text's UTF-8 (item header, client id, clock,
 * origins, a delete set when text is replaced): well under this.
 */
export const UPDATE_OVERHEAD_BYTES = 1024;

/**
 * Room bytes held back from the text itself: the room also stores the document's metadata, the
 * bookkeeping of every edit ever made (a few bytes per run of typing) and what deleted text
 * leaves behind. An eighth of the room's limit, and at least 64 KiB, is well above that for
 * transcripts edited by hand.
 */
export function roomMargin(maxRoomBytes: number): number {
  return Math.max(64 * 1024, Math.floor(maxRoomBytes / 8));
}

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

/** Why an edit was refused: too large for one update, or the transcript would outgrow its room. */
export type EditRefusal =
  | { kind: 'edit'; bytes: number; limit: number }
  | {
      kind: 'room';
      /** The transcript's UTF-8 size had the edit been made. */
      bytes: number;
      /** The most a room may hold, in bytes. */
      limit: number;
      /** The text size the filter lets a transcript grow to (the limit less the margin). */
      allowed: number;
    };

/** The server's limits for this text room, in bytes; null values: not known yet. */
export interface TextLimits {
  maxEditBytes: number | null;
  maxRoomBytes: number | null;
}

/**
 * A transaction filter that drops a user's edit (typing, paste, drop) the server would refuse, and
 * reports it: one whose encoded size exceeds `maxEditBytes`, or one that grows the transcript's
 * UTF-8 size past `maxRoomBytes` less {@link roomMargin}. Edits that shrink the text always pass
 * (they are how a too-large transcript is made smaller), and so do changes from the shared
 * document, which carry no user event.
 *
 * @param limits the server's limits for the room, in bytes (null while unknown).
 * @param onRefused called with why and by how much, in bytes, after the edit was dropped.
 */
export function editSizeLimit(
  limits: () => TextLimits,
  onRefused: (refusal: EditRefusal) => void,
): Extension {
  // Text sizes of documents already measured: each edit then costs only its own change.
  const measured = new WeakMap<Text, number>();
  const sizeOf = (doc: Text): number => {
    let bytes = measured.get(doc);
    if (bytes === undefined) {
      bytes = 0;
      let first = true;
      for (const line of doc.iterLines()) {
        bytes += utf8Length(line) + (first ? 0 : 1);
        first = false;
      }
      measured.set(doc, bytes);
    }
    return bytes;
  };
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || !(tr.isUserEvent('input') || tr.isUserEvent('move'))) return tr;
    const { maxEditBytes, maxRoomBytes } = limits();
    const inserted = insertedBytes(tr);
    if (maxEditBytes !== null && inserted + UPDATE_OVERHEAD_BYTES > maxEditBytes) {
      const refusal: EditRefusal = {
        kind: 'edit',
        bytes: inserted + UPDATE_OVERHEAD_BYTES,
        limit: maxEditBytes,
      };
      queueMicrotask(() => onRefused(refusal));
      return [];
    }
    if (maxRoomBytes === null) return tr;
    const allowed = maxRoomBytes - roomMargin(maxRoomBytes);
    // The cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
    if (tr.newDoc.length * 3 <= allowed) return tr;
    let deleted = 0;
    tr.changes.iterChangedRanges((fromA, toA) => {
      deleted += utf8Length(tr.startState.doc.sliceString(fromA, toA));
    });
    const before = sizeOf(tr.startState.doc);
    const after = before - deleted + inserted;
    if (after <= before || after <= allowed) {
      measured.set(tr.newDoc, after);
      return tr;
    }
    const refusal: EditRefusal = { kind: 'room', bytes: after, limit: maxRoomBytes, allowed };
    queueMicrotask(() => onRefused(refusal));
    return [];
  });
}
