/** Synthetic but realistic content for benchmarks: transcripts, coding layers, edit histories. */
import * as Y from 'yjs';
import { Rng } from '../shared/agreement/rng.ts';
import { CodePointIndex } from '../shared/model/codePoints.ts';
import { addCoding, removeCoding } from '../shared/model/layer.ts';
import { contentText, initTextDoc } from '../shared/model/text.ts';

/** A seeded PRNG, so every run measures the same data. */
export function seeded(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

const WORDS =
  'the we care patient team system board data think really because services people clinical leaders work about ' +
  'change what would some integrated pathway money beds trust nurse meeting plan strategy voice listen'.split(
    ' ',
  );

/** A transcript of `words` words in speaker turns of a few sentences each. */
export function transcript(words: number, random: () => number): string {
  const turns: string[] = [];
  let count = 0;
  while (count < words) {
    const speaker = turns.length % 2 === 0 ? 'Interviewer' : 'P1';
    const size = 20 + Math.floor(random() * 120);
    const body: string[] = [];
    for (let i = 0; i < size && count < words; i++, count++)
      body.push(WORDS[Math.floor(random() * WORDS.length)]!);
    turns.push(`${speaker}: ${body.join(' ')}.`);
  }
  return turns.join('\n\n');
}

/** A text doc plus `layers` coding layers of `codings` random codings each. */
export function codedTranscript(
  words: number,
  layers: number,
  codings: number,
  random: () => number,
): { text: Y.Doc; layers: Y.Doc[] } {
  const text = new Y.Doc();
  initTextDoc(text, { text: transcript(words, random), title: 'bench' });
  const index = new CodePointIndex(contentText(text).toString());
  const layerDocs = Array.from({ length: layers }, (_, l) => {
    const layer = new Y.Doc();
    layer.transact(() => {
      for (let i = 0; i < codings; i++) {
        const start = Math.floor(random() * (index.length - 400));
        const end = start + 20 + Math.floor(random() * 380);
        addCoding(
          layer,
          text,
          {
            id: `c${l}-${i}`,
            codeId: `code${i % 40}`,
            start,
            end,
            author: `coder${l}`,
            now: '2026-01-01T00:00:00Z',
          },
          index,
        );
      }
    });
    return layer;
  });
  return { text, layers: layerDocs };
}

/**
 * `count` small updates as an editor makes them: a word at a time at the cursor, backspaces, and
 * now and then a jump to another place in the transcript (a typo fix elsewhere).
 */
export function typingHistory(count: number, random: () => number): Uint8Array[] {
  return history(count, random, 0.05);
}

/** The worst case for Yjs: every update lands at a random position, so no two items merge. */
export function scatteredHistory(count: number, random: () => number): Uint8Array[] {
  return history(count, random, 1);
}

function history(count: number, random: () => number, jumpChance: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = contentText(doc);
  let cursor = 0;
  while (updates.length < count) {
    if (random() < jumpChance) cursor = Math.floor(random() * (text.length + 1));
    if (cursor > 3 && random() < 0.1) {
      const n = 1 + Math.floor(random() * 3);
      text.delete(cursor - n, n);
      cursor -= n;
    } else {
      const word = WORDS[Math.floor(random() * WORDS.length)]! + ' ';
      text.insert(cursor, word);
      cursor += word.length;
    }
  }
  doc.destroy();
  return updates.slice(0, count);
}

/** A coded transcript as the server's logs hold it after real work: one update per edit. */
export interface EditedTranscript {
  /** The text room's log, oldest first. */
  text: Uint8Array[];
  /** Each layer room's log, oldest first. */
  layers: Uint8Array[][];
}

/**
 * A transcript of `words` words as it comes to be in practice, one logged update per edit: typed
 * in chunks of one to six words over several sessions (a new client each ~2,000 words), a typo
 * fixed at a random earlier place about every 25 chunks, and a proofreading pass of `words`/50
 * fixes; then `layers` coders each adding `codings` codings one at a time, re-coding one in ten
 * (another code) and removing one in twenty. Each update is what the client would have sent.
 */
export function editedTranscript(
  words: number,
  layers: number,
  codings: number,
  random: () => number,
): EditedTranscript {
  const source = transcript(words, random);
  const docs: Y.Doc[] = [];
  const textLog: Uint8Array[] = [];
  const session = (): Y.Doc => {
    const doc = new Y.Doc();
    const previous = docs.at(-1);
    if (previous) Y.applyUpdate(doc, Y.encodeStateAsUpdate(previous));
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'sync') textLog.push(u);
    });
    docs.push(doc);
    return doc;
  };
  let doc = session();
  initTextDoc(doc, { text: '', title: 'bench' });
  const text = () => contentText(doc);
  const fixTypo = () => {
    const at = Math.floor(random() * Math.max(1, text().length - 4));
    const n = 1 + Math.floor(random() * 3);
    const fixed = text()
      .toString()
      .slice(at, at + n);
    doc.transact(() => text().delete(at, n));
    doc.transact(() => text().insert(at, fixed));
  };
  const chunks = source.split(/(?<= )/);
  let typedWords = 0;
  for (let i = 0; i < chunks.length;) {
    const size = 1 + Math.floor(random() * 6);
    const chunk = chunks.slice(i, i + size).join('');
    i += size;
    typedWords += size;
    text().insert(text().length, chunk);
    if (random() < 0.04) fixTypo();
    if (typedWords >= 2000) {
      typedWords = 0;
      const next = session();
      Y.applyUpdate(next, Y.encodeStateAsUpdate(doc), 'sync');
      doc = next;
    }
  }
  // Proofreading by someone else.
  const editor = session();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(doc), 'sync');
  doc = editor;
  for (let k = 0; k < words / 50; k++) fixTypo();
  const index = new CodePointIndex(text().toString());
  const layerLogs = Array.from({ length: layers }, (_, l) => {
    const layer = new Y.Doc();
    const log: Uint8Array[] = [];
    layer.on('update', (u: Uint8Array) => log.push(u));
    for (let i = 0; i < codings; i++) {
      const start = Math.floor(random() * (index.length - 400));
      const coding = {
        id: `c${l}-${i}`,
        codeId: `code${i % 40}`,
        start,
        end: start + 20 + Math.floor(random() * 380),
        author: `coder${l}`,
        now: '2026-01-01T00:00:00Z',
      };
      addCoding(layer, doc, coding, index);
      const r = random();
      if (r < 0.1) addCoding(layer, doc, { ...coding, codeId: `code${(i + 7) % 40}` }, index);
      else if (r < 0.15) removeCoding(layer, coding.id);
    }
    layer.destroy();
    return log;
  });
  for (const d of docs) d.destroy();
  return { text: textLog, layers: layerLogs };
}
