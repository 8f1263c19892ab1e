import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCoding, removeCoding, setCompleted } from '../../../shared/model/layer.ts';
import { readCodedDocument } from '../../../shared/model/codedDocument.ts';
import { contentText, initTextDoc } from '../../../shared/model/text.ts';

const NOW = '2026-01-01T00:00:00.000Z';

/** Two replicas of a text doc and a layer, synced by exchanging updates explicitly. */
function replicas(text: string) {
  const textA = new Y.Doc();
  initTextDoc(textA, { text, title: 't' });
  const textB = new Y.Doc();
  Y.applyUpdate(textB, Y.encodeStateAsUpdate(textA));
  const sync = (from: Y.Doc, to: Y.Doc) =>
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  return { textA, textB, sync };
}

function coding(id: string, codeId: string, start: number, end: number) {
  return { id, codeId, start, end, author: 'u1', now: NOW };
}

describe('readCodedDocument', () => {
  it('reports positions in code points, after emoji and CJK', () => {
    const text = new Y.Doc();
    initTextDoc(text, { text: '😀 文字 coded part', title: 't' });
    const layer = new Y.Doc();
    addCoding(layer, text, coding('c1', 'code1', 5, 10));
    setCompleted(layer, true);
    const result = readCodedDocument(text, [{ coder: 'alice', doc: layer }]);
    expect(result.length).toBe(15);
    expect(result.codings).toMatchObject([{ id: 'c1', coder: 'alice', code: 'code1', start: 5, end: 10 }]);
    expect(Array.from(result.text).slice(5, 10).join('')).toBe('coded');
    expect(result.completed).toEqual(['alice']);
  });

  it('keeps codings anchored while the transcript is edited concurrently', () => {
    const { textA, textB, sync } = replicas('The quick brown fox jumps.');
    // Client B codes "brown fox" while client A edits before and inside the span.
    const layer = new Y.Doc();
    addCoding(layer, textB, coding('c1', 'animal', 10, 19));
    contentText(textA).insert(0, 'Note: ');
    contentText(textA).insert(6 + 15, 'ish');
    contentText(textB).insert(contentText(textB).length, ' Then it sleeps.');
    sync(textA, textB);
    sync(textB, textA);
    expect(contentText(textA).toString()).toBe('Note: The quick brownish fox jumps. Then it sleeps.');
    for (const replica of [textA, textB]) {
      const { codings, text } = readCodedDocument(replica, [{ coder: 'b', doc: layer }]);
      expect(codings).toHaveLength(1);
      expect(text.slice(codings[0]!.start, codings[0]!.end)).toBe('brownish fox');
    }
  });

  it('does not grow a span when text is typed right at its edges', () => {
    const text = new Y.Doc();
    initTextDoc(text, { text: 'aa coded bb', title: 't' });
    const layer = new Y.Doc();
    addCoding(layer, text, coding('c1', 'x', 3, 8));
    contentText(text).insert(8, '!');
    contentText(text).insert(3, '>');
    const result = readCodedDocument(text, [{ coder: 'k', doc: layer }]);
    expect(result.text.slice(result.codings[0]!.start, result.codings[0]!.end)).toBe('coded');
  });

  it('shrinks a span whose edges are deleted and reports a fully deleted one as orphaned', () => {
    const text = new Y.Doc();
    initTextDoc(text, { text: 'keep [gone] keep [partly here]', title: 't' });
    const layer = new Y.Doc();
    addCoding(layer, text, coding('gone', 'x', 5, 11));
    addCoding(layer, text, coding('partly', 'y', 17, 30));
    contentText(text).delete(17, 8); // "[partly "
    contentText(text).delete(5, 6); // "[gone]"
    const result = readCodedDocument(text, [{ coder: 'k', doc: layer }]);
    // Who coded what, and the text it covered, stay known after the text is gone.
    expect(result.orphaned).toEqual([
      {
        id: 'gone',
        coder: 'k',
        code: 'x',
        reason: 'span-deleted',
        memo: '',
        author: 'u1',
        quote: '[gone]',
        updatedAt: NOW,
      },
    ]);
    expect(result.codings.map((c) => result.text.slice(c.start, c.end))).toEqual(['here]']);
  });

  it('reports anchors into another text and invalid entries, never dropping them silently', () => {
    const text = new Y.Doc();
    initTextDoc(text, { text: 'one transcript', title: 't' });
    const other = new Y.Doc();
    initTextDoc(other, { text: 'a different transcript', title: 'o' });
    const layer = new Y.Doc();
    addCoding(layer, other, coding('foreign', 'x', 0, 5));
    layer.getMap('codings').set('broken', { codeId: 42 });
    addCoding(layer, text, coding('ok', 'x', 0, 3));
    expect(removeCoding(layer, 'missing')).toBe(false);
    const result = readCodedDocument(text, [{ coder: 'k', doc: layer }]);
    expect(result.codings.map((c) => c.id)).toEqual(['ok']);
    expect(result.orphaned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'foreign', coder: 'k', code: 'x', reason: 'anchor-missing' }),
        expect.objectContaining({ id: 'broken', coder: 'k', code: null, reason: 'invalid', quote: null }),
      ]),
    );
  });

  it('refuses empty or out-of-range spans', () => {
    const text = new Y.Doc();
    initTextDoc(text, { text: 'short', title: 't' });
    const layer = new Y.Doc();
    expect(() => addCoding(layer, text, coding('a', 'x', 2, 2))).toThrow(RangeError);
    expect(() => addCoding(layer, text, coding('b', 'x', 0, 6))).toThrow(RangeError);
    expect(() => addCoding(layer, text, coding('c', 'x', -1, 2))).toThrow(RangeError);
  });
});
