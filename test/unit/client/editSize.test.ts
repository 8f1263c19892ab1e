/** The editor refuses a user's edit larger than the server takes, before it reaches Yjs. */
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  editSizeLimit,
  roomMargin,
  UPDATE_OVERHEAD_BYTES,
  utf8Length,
  type EditRefusal,
} from '../../../client/src/editor/editSize.ts';
import { editRefusalText } from '../../../client/src/model/editRefusals.ts';

describe('utf8Length', () => {
  it('counts as TextEncoder does', () => {
    for (const text of ['', 'plain', 'Grüße', '診察室', 'emoji 😀 and 𝄞', 'a\u0000b\nc']) {
      expect(utf8Length(text), text).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('editSizeLimit', () => {
  const limited = (limit: number | null, maxRoomBytes: number | null = null, doc = 'Transcript.') => {
    const refused: [number, number][] = [];
    const refusals: EditRefusal[] = [];
    const state = EditorState.create({
      doc,
      extensions: editSizeLimit(
        () => ({ maxEditBytes: limit, maxRoomBytes }),
        (refusal) => {
          refused.push([refusal.bytes, refusal.limit]);
          refusals.push(refusal);
        },
      ),
    });
    return { state, refused, refusals };
  };

  it('drops a paste larger than the limit and reports it; smaller edits pass', async () => {
    const { state, refused } = limited(10_000);
    const pasted = `${'x'.repeat(10_000)}\n${'y'.repeat(9_999)}`;
    const big = state.update({ changes: { from: 0, insert: pasted }, userEvent: 'input.paste' });
    expect(big.docChanged).toBe(false);
    expect(big.state.doc.toString()).toBe('Transcript.');
    const small = state.update({ changes: { from: 0, insert: 'Typo. ' }, userEvent: 'input.type' });
    expect(small.state.doc.toString()).toBe('Typo. Transcript.');
    await Promise.resolve();
    expect(refused).toEqual([[20_000 + UPDATE_OVERHEAD_BYTES, 10_000]]);
  });

  it('lets changes from the shared document through (no user event), and everything while no limit is known', () => {
    const { state } = limited(10);
    expect(state.update({ changes: { from: 0, insert: 'remote text' } }).state.doc.length).toBe(22);
    const unknown = limited(null).state;
    expect(
      unknown.update({ changes: { from: 0, insert: 'x'.repeat(100) }, userEvent: 'input.paste' }).docChanged,
    ).toBe(true);
  });

  it('refuses edits that would grow the transcript past what its room keeps, each within the edit limit', async () => {
    // The field case in small: a room of 1 MiB, pastes of 300 KiB each passing the per-edit check.
    const room = 1024 * 1024;
    const allowed = room - roomMargin(room);
    expect(allowed).toBe(896 * 1024);
    const { state, refusals } = limited(400 * 1024, room);
    const paste = 'é'.repeat(150 * 1024); // 300 KiB of UTF-8 in 150 K characters
    let current = state;
    const outcomes: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const tr = current.update({
        changes: { from: current.doc.length, insert: paste },
        userEvent: 'input.paste',
      });
      outcomes.push(tr.docChanged);
      current = tr.state;
    }
    // 11 B + 2 × 300 KiB fit in 896 KiB; a third paste would make just over 900 KiB.
    expect(outcomes).toEqual([true, true, false]);
    await Promise.resolve();
    expect(refusals).toEqual([{ kind: 'room', bytes: 11 + 3 * 300 * 1024, limit: room, allowed }]);
    expect(editRefusalText(refusals[0]!)).toBe(
      'That edit was not made: the transcript would grow to 901 KiB, and the server keeps transcripts of at most 1.0 MiB (about 896 KiB of text, leaving room for its records of the edits). Split long material into several documents.',
    );
    // Typing still works while the text fits, and deleting always does.
    const typed = current.update({ changes: { from: 0, insert: 'Fixed. ' }, userEvent: 'input.type' });
    expect(typed.docChanged).toBe(true);
    const cut = typed.state.update({ changes: { from: 0, to: 1000 }, userEvent: 'delete.backward' });
    expect(cut.docChanged).toBe(true);
  });

  it('lets a transcript already over the room limit shrink, and refuses growing it further', async () => {
    const { state, refusals } = limited(null, 64 * 1024 * 8, 'x'.repeat(500 * 1024));
    const replace = state.update({
      changes: { from: 0, to: 1000, insert: 'y'.repeat(10) },
      userEvent: 'input.paste',
    });
    expect(replace.docChanged).toBe(true);
    const grow = replace.state.update({ changes: { from: 0, insert: 'z' }, userEvent: 'input.type' });
    expect(grow.docChanged).toBe(false);
    await Promise.resolve();
    expect(refusals.map((r) => r.kind)).toEqual(['room']);
  });

  it('keeps the margin above what Yjs actually encodes for an insertion', () => {
    const doc = new Y.Doc();
    const text = doc.getText('content');
    text.insert(0, 'Some existing text, edited by another client.');
    let update: Uint8Array = new Uint8Array();
    doc.on('update', (u: Uint8Array) => (update = u));
    const inserted = '診察室 😀 '.repeat(5000);
    text.delete(5, 8);
    doc.transact(() => {
      text.delete(0, 4);
      text.insert(0, inserted);
    });
    expect(update.length).toBeLessThanOrEqual(utf8Length(inserted) + UPDATE_OVERHEAD_BYTES);
  });
});
