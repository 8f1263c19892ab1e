import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCodedDocument, type CodedDocument } from '../../../shared/model/codedDocument.ts';
import { addCoding, anchorSpan, codingsMap } from '../../../shared/model/layer.ts';
import { contentText, initTextDoc } from '../../../shared/model/text.ts';
import { Rng } from '../../../shared/agreement/rng.ts';

const NOW = '2026-01-01T00:00:00.000Z';

/**
 * Replicas of one transcript: the editor who edits (and undoes), another coder's client and the
 * server, kept in sync by exchanging updates the way the sync protocol does. A fourth replica is
 * made fresh from the server's state after every step, as a client opening the document later.
 */
function transcript(text: string) {
  const editor = new Y.Doc();
  initTextDoc(editor, { text, title: 't' });
  const client = new Y.Doc();
  const server = new Y.Doc();
  const sync = () => {
    for (const from of [editor, client, server]) {
      for (const to of [editor, client, server]) {
        if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
      }
    }
  };
  sync();
  const layer = new Y.Doc();
  /** Codes the code-point span [start, end) in the coder's layer, as seen on the coder's client. */
  const code = (start: number, end: number) =>
    addCoding(layer, client, { id: 'c1', codeId: 'place', start, end, author: 'coder', now: NOW });
  /** Every replica's reading; they must all agree. */
  const read = (): CodedDocument[] => {
    sync();
    const late = new Y.Doc();
    Y.applyUpdate(late, Y.encodeStateAsUpdate(server));
    return [editor, client, server, late].map((doc) => readCodedDocument(doc, [{ coder: 'k', doc: layer }]));
  };
  const coded = (): string[] =>
    read().map((r) => {
      if (r.codings.length === 0) return `orphaned: ${r.orphaned.map((o) => o.reason).join()}`;
      const c = r.codings[0]!;
      return `${c.start}-${c.end} ${Array.from(r.text).slice(c.start, c.end).join('')}`;
    });
  return { editor, client, server, sync, code, read, coded, text: contentText(editor) };
}

describe('codings through undo', () => {
  it('puts a coding back on its passage for every replica when a deletion is undone', () => {
    // Field case: "Undo of a deleted coded passage".
    const t = transcript('Anna: We lost the garden last year.');
    t.code(18, 24);
    const undo = new Y.UndoManager(t.text);
    t.text.delete(14, 10);
    expect(t.coded()).toEqual(Array(4).fill('orphaned: span-deleted'));
    undo.undo();
    expect(t.text.toString()).toBe('Anna: We lost the garden last year.');
    expect(t.coded()).toEqual(Array(4).fill('18-24 garden'));
    for (const r of t.read()) expect(r.orphaned).toEqual([]);
  });

  it('follows redo and a second undo the same way everywhere', () => {
    const t = transcript('Anna: We lost the garden last year.');
    t.code(18, 24);
    const undo = new Y.UndoManager(t.text);
    t.text.delete(14, 10);
    undo.undo();
    undo.redo();
    expect(t.coded()).toEqual(Array(4).fill('orphaned: span-deleted'));
    undo.undo();
    expect(t.coded()).toEqual(Array(4).fill('18-24 garden'));
  });

  it('restores a coding whose deleted passage held text typed by someone else', () => {
    const t = transcript('Anna: We lost the garden last year.');
    t.code(14, 24); // "the garden"
    Y.applyUpdate(t.client, Y.encodeStateAsUpdate(t.editor));
    contentText(t.client).insert(18, 'big ');
    t.sync();
    const undo = new Y.UndoManager(t.text);
    t.text.delete(14, 14); // "the big garden"
    t.sync();
    undo.undo();
    expect(t.coded()).toEqual(Array(4).fill('14-28 the big garden'));
  });

  it('restores a coding when only part of its passage was deleted and undone', () => {
    const t = transcript('Anna: We lost the garden last year.');
    t.code(18, 24);
    const undo = new Y.UndoManager(t.text);
    t.text.delete(22, 8); // "en last "
    expect(t.coded()).toEqual(Array(4).fill('18-22 gard'));
    undo.undo();
    expect(t.coded()).toEqual(Array(4).fill('18-24 garden'));
  });
});

describe('codings through typo fixes', () => {
  it('keeps the retyped end of a coded word inside the coding', () => {
    // Field case: "Retyping the end of a coded word".
    const t = transcript('We lost the gardne last year.');
    t.code(12, 18);
    t.text.delete(16, 2);
    t.sync();
    t.text.insert(16, 'en');
    expect(t.coded()).toEqual(Array(4).fill('12-18 garden'));
  });

  it('keeps the retyped start of a coded word inside the coding', () => {
    const t = transcript('We lost the agrden last year.');
    t.code(12, 18);
    t.text.delete(12, 2);
    t.sync();
    t.text.insert(12, 'ga');
    expect(t.coded()).toEqual(Array(4).fill('12-18 garden'));
  });

  it('keeps a retyped end inside when another client types it', () => {
    const t = transcript('We lost the gardne last year.');
    t.code(12, 18);
    t.text.delete(16, 2);
    t.sync();
    contentText(t.client).insert(16, 'e');
    contentText(t.server).insert(16, 'n');
    t.sync();
    // The two letters land in an order Yjs decides; whichever it is, both are inside everywhere.
    const typed = Array.from(t.text.toString()).slice(12, 18).join('');
    expect(typed).toMatch(/^gard(en|ne)$/);
    expect(t.coded()).toEqual(Array(4).fill(`12-18 ${typed}`));
  });

  it('leaves text typed just before or just after a coding outside it', () => {
    const t = transcript('We lost the garden last year.');
    t.code(12, 18);
    t.text.insert(18, 's');
    t.text.insert(12, 'old ');
    expect(t.coded()).toEqual(Array(4).fill('16-22 garden'));
  });

  it('shrinks a coding when a deletion swallows its start or its end', () => {
    const start = transcript('Anna: We lost the garden last year.');
    start.code(18, 24);
    start.text.delete(14, 7); // "the gar"
    expect(start.coded()).toEqual(Array(4).fill('14-17 den'));
    const end = transcript('Anna: We lost the garden last year.');
    end.code(18, 24);
    end.text.delete(21, 8); // "den last"
    expect(end.coded()).toEqual(Array(4).fill('18-21 gar'));
  });

  it('does not stretch a shrunk coding over the transcript that followed it', () => {
    const t = transcript('We lost the gardne last year.');
    t.code(12, 18);
    t.text.delete(16, 2);
    expect(t.coded()).toEqual(Array(4).fill('12-16 gard'));
  });

  it('orphans a coding when a deletion swallows all of it', () => {
    const t = transcript('Anna: We lost the garden last year.');
    t.code(18, 24);
    t.text.delete(13, 12);
    const readings = t.read();
    for (const r of readings) {
      expect(r.codings).toEqual([]);
      expect(r.orphaned).toMatchObject([{ id: 'c1', coder: 'k', code: 'place', reason: 'span-deleted' }]);
    }
  });

  it('does not hand a deleted coding to text that was typed in front of it earlier', () => {
    const t = transcript('We lost the garden last year.');
    t.code(12, 18);
    t.text.insert(12, 'big ');
    t.sync();
    t.text.delete(16, 6); // "garden"
    expect(t.coded()).toEqual(Array(4).fill('orphaned: span-deleted'));
  });

  it('moves a coding onto a replacement typed in front of its passage before the old is deleted', () => {
    const t = transcript('We lost the gardne last year.');
    t.code(12, 18);
    t.text.insert(12, 'garden');
    t.sync();
    t.text.delete(18, 6); // the old "gardne"
    expect(t.coded()).toEqual(Array(4).fill('12-18 garden'));
  });
});

describe('the same placement on every replica', () => {
  /**
   * Property: whatever concurrent edits, undos and redos three replicas make, once they have
   * exchanged everything they place every coding identically — including a replica loaded from
   * the server's compacted state (deleted text garbage-collected) and one that received the
   * updates one by one in another order.
   */
  it('agrees after random concurrent edits, undos and redos', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rng = new Rng(seed);
      const base = 'Anna: We lost the garden last year, and the team split up after the merger.';
      const docs = [0, 1, 2].map(() => new Y.Doc());
      initTextDoc(docs[0]!, { text: base, title: 't' });
      const updates: Uint8Array[] = [Y.encodeStateAsUpdate(docs[0]!)];
      for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u));
      const syncAll = () => {
        for (const a of docs)
          for (const b of docs)
            if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      };
      syncAll();
      const layer = new Y.Doc();
      for (let i = 0; i < 6; i++) {
        const start = rng.int(base.length - 1);
        const end = start + 1 + rng.int(Math.min(12, base.length - start - 1) + 1);
        if (end > base.length) continue;
        addCoding(layer, docs[0]!, { id: `c${i}`, codeId: 'x', start, end, author: 'a', now: NOW });
      }
      const undos = docs.map((d) => new Y.UndoManager(contentText(d), { captureTimeout: 0 }));
      for (let step = 0; step < 25; step++) {
        const who = rng.int(3);
        const text = contentText(docs[who]!);
        const roll = rng.next();
        if (roll < 0.35 && text.length > 2) {
          const at = rng.int(text.length - 1);
          text.delete(at, 1 + rng.int(Math.min(8, text.length - at)));
        } else if (roll < 0.6) {
          text.insert(rng.int(text.length + 1), ['en', 'x', 'garden ', 'ne'][rng.int(4)]!);
        } else if (roll < 0.8) {
          undos[who]!.undo();
        } else if (roll < 0.9) {
          undos[who]!.redo();
        } else {
          syncAll();
        }
      }
      syncAll();
      const compacted = new Y.Doc();
      Y.applyUpdate(compacted, Y.encodeStateAsUpdate(docs[0]!));
      const replayed = new Y.Doc();
      for (const u of [...updates].reverse()) Y.applyUpdate(replayed, u);
      const readings = [...docs, compacted, replayed].map((d) =>
        readCodedDocument(d, [{ coder: 'k', doc: layer }]),
      );
      for (const r of readings) {
        expect(r.text, `seed ${seed}`).toBe(readings[0]!.text);
        expect(r.codings, `seed ${seed}`).toEqual(readings[0]!.codings);
        expect(r.orphaned, `seed ${seed}`).toEqual(readings[0]!.orphaned);
      }
    }
  });
});

describe('stored codings', () => {
  it('reads codings stored before quotes were kept, placed or orphaned', () => {
    const text = new Y.Doc();
    initTextDoc(text, { text: 'Anna: We lost the garden last year.', title: 't' });
    const layer = new Y.Doc();
    for (const [id, start, end] of [
      ['old-kept', 6, 13],
      ['old-gone', 18, 24],
    ] as const) {
      const { start: s, end: e } = anchorSpan(contentText(text), start, end);
      codingsMap(layer).set(id, {
        codeId: 'x',
        start: s,
        end: e,
        memo: 'm',
        author: 'a',
        createdAt: NOW,
        updatedAt: NOW,
      });
    }
    contentText(text).delete(14, 11);
    const result = readCodedDocument(text, [{ coder: 'k', doc: layer }]);
    expect(result.codings).toMatchObject([{ id: 'old-kept', start: 6, end: 13 }]);
    expect(result.orphaned).toEqual([
      {
        id: 'old-gone',
        coder: 'k',
        code: 'x',
        reason: 'span-deleted',
        memo: 'm',
        author: 'a',
        quote: null,
        updatedAt: NOW,
      },
    ]);
  });

  it('keeps a quote of the passage, cut to 500 code points', () => {
    const long = '😀'.repeat(600);
    const text = new Y.Doc();
    initTextDoc(text, { text: `short ${long}`, title: 't' });
    expect(anchorSpan(contentText(text), 0, 5).quote).toBe('short');
    const cut = anchorSpan(contentText(text), 6, 606).quote;
    expect(Array.from(cut)).toHaveLength(500);
    expect(cut.endsWith('😀…')).toBe(true);
  });
});
