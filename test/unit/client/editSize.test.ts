/** The editor refuses a user's edit larger than the server takes, before it reaches Yjs. */
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editSizeLimit, UPDATE_OVERHEAD_BYTES, utf8Length } from '../../../client/src/editor/editSize.ts';

describe('utf8Length', () => {
  it('counts as TextEncoder does', () => {
    for (const text of ['', 'plain', 'Grüße', '診察室', 'emoji 😀 and 𝄞', 'a\u0000b\nc']) {
      expect(utf8Length(text), text).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('editSizeLimit', () => {
  const limited = (limit: number | null) => {
    const refused: [number, number][] = [];
    const state = EditorState.create({
      doc: 'Transcript.',
      extensions: editSizeLimit(
        () => limit,
        (bytes, max) => refused.push([bytes, max]),
      ),
    });
    return { state, refused };
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
