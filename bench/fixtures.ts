/** Synthetic but realistic content for benchmarks: transcripts, coding layers, edit histories. */
import * as Y from 'yjs';
import { Rng } from '../shared/agreement/rng.ts';
import { CodePointIndex } from '../shared/model/codePoints.ts';
import { addCoding } from '../shared/model/layer.ts';
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
