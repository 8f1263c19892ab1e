import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCues, cuesArray, formatTime, MAX_CUE_MS, readCues, timeAt } from '../../../shared/model/cues.ts';
import { contentText, initTextDoc } from '../../../shared/model/text.ts';
import type { Cue } from '../../../shared/sources.ts';

/** "Anna: 🌱 We lost the garden.\n\nBen: Last year?" — the emoji is one code point, two UTF-16 units. */
const TEXT = 'Anna: 🌱 We lost the garden.\n\nBen: Last year?';
// Code points: "Anna: " 0-5, 🌱 6, " " 7, "We lost the garden." 8-26 (end 27), "\n\n" 27-28,
// "Ben: " 29-33, "Last year?" 34-43 (end 44).
const CUES: Cue[] = [
  { start: 0, end: 27, startMs: 1_000, endMs: 4_500, speaker: 'Anna' },
  { start: 29, end: 44, startMs: 5_000, endMs: 6_250, speaker: 'Ben' },
];

function transcript(text = TEXT, cues = CUES) {
  const doc = new Y.Doc();
  initTextDoc(doc, { text, title: 't' });
  addCues(doc, cues);
  return { doc, text: contentText(doc) };
}

/** Each cue's text as read now, with its times: what the timeline says. */
function spoken(doc: Y.Doc): string[] {
  const points = Array.from(contentText(doc).toString());
  return readCues(doc).map((c) => `${c.startMs}-${c.endMs} ${points.slice(c.start, c.end).join('')}`);
}

describe('cues anchored in the text', () => {
  it('reads back what was written, in code points, past an emoji', () => {
    const { doc } = transcript();
    expect(readCues(doc)).toEqual(CUES);
    expect(spoken(doc)).toEqual(['1000-4500 Anna: 🌱 We lost the garden.', '5000-6250 Ben: Last year?']);
  });

  it('follows an insertion before a cue', () => {
    const { doc, text } = transcript();
    text.insert(0, 'Interview 3\n\n'); // 13 code points
    expect(readCues(doc)).toEqual([
      { start: 13, end: 40, startMs: 1_000, endMs: 4_500, speaker: 'Anna' },
      { start: 42, end: 57, startMs: 5_000, endMs: 6_250, speaker: 'Ben' },
    ]);
  });

  it('keeps a cue over a typo fixed inside it', () => {
    const { doc, text } = transcript('Anna: We lsot the garden.\n\nBen: Last year?', [
      { start: 0, end: 25, startMs: 1_000, endMs: 4_500, speaker: 'Anna' },
      { start: 27, end: 42, startMs: 5_000, endMs: 6_250, speaker: 'Ben' },
    ]);
    // "lsot" → "lost": delete "so" (UTF-16 10-11), type "os".
    text.delete(10, 2);
    text.insert(10, 'os');
    expect(spoken(doc)[0]).toBe('1000-4500 Anna: We lost the garden.');
    expect(readCues(doc)[1]!.start).toBe(27);
  });

  it('drops a cue whose text is deleted entirely, and keeps the others', () => {
    const { doc, text } = transcript();
    // Delete "\n\nBen: Last year?" (UTF-16 28 to the end).
    text.delete(28, text.length - 28);
    expect(spoken(doc)).toEqual(['1000-4500 Anna: 🌱 We lost the garden.']);
    expect(cuesArray(doc).length).toBe(2);
  });

  it('brings a cue back when its deletion is undone', () => {
    const { doc, text } = transcript();
    const undo = new Y.UndoManager(text);
    text.delete(0, 30); // the whole first turn and the blank line
    expect(spoken(doc)).toEqual(['5000-6250 Ben: Last year?']);
    undo.undo();
    expect(text.toString()).toBe(TEXT);
    expect(readCues(doc)).toEqual(CUES);
  });

  it('keeps the cue whole when its last word is deleted and retyped', () => {
    const { doc, text } = transcript();
    // "garden." → "garden!" at the cue's end (UTF-16 28 is "."), as a typo fix.
    text.delete(27, 1);
    text.insert(27, '!');
    expect(spoken(doc)[0]).toBe('1000-4500 Anna: 🌱 We lost the garden!');
  });

  it('reads the same on a replica that only has the updates', () => {
    const { doc, text } = transcript();
    text.insert(6, '(laughs) ');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(readCues(replica)).toEqual(readCues(doc));
    expect(spoken(replica)[0]).toBe('1000-4500 Anna: (laughs) 🌱 We lost the garden.');
  });

  it('orders cues by start however they were written', () => {
    const doc = new Y.Doc();
    initTextDoc(doc, { text: TEXT, title: 't' });
    addCues(doc, [CUES[1]!]);
    addCues(doc, [CUES[0]!]);
    expect(readCues(doc)).toEqual(CUES);
  });

  it('writes nothing when one cue lies outside the text', () => {
    const doc = new Y.Doc();
    initTextDoc(doc, { text: TEXT, title: 't' });
    expect(() => addCues(doc, [CUES[0]!, { start: 40, end: 45, startMs: 0, endMs: 1 }])).toThrow(RangeError);
    expect(() => addCues(doc, [{ start: 3, end: 3, startMs: 0, endMs: 1 }])).toThrow(RangeError);
    expect(cuesArray(doc).length).toBe(0);
    expect(readCues(doc)).toEqual([]);
  });

  it('leaves out entries that are not cues', () => {
    const { doc } = transcript();
    cuesArray(doc).push([{ start: 'nowhere', startMs: 1 }]);
    expect(readCues(doc)).toEqual(CUES);
  });

  it('leaves out times no recording has, and clips a long speaker name', () => {
    // Attack case: a coder who may edit the text wrote cues ending before they start, and times
    // that exports printed as "[2501999792:59:00]".
    const { doc } = transcript();
    const [anna] = cuesArray(doc).toArray() as Record<string, unknown>[];
    cuesArray(doc).push([
      { ...anna, startMs: 5_000, endMs: 10 },
      { ...anna, startMs: 0, endMs: Number.MAX_SAFE_INTEGER },
      { ...anna, startMs: 0, endMs: MAX_CUE_MS + 1 },
      { ...anna, startMs: 0, endMs: MAX_CUE_MS, speaker: 'x'.repeat(5_000) },
    ]);
    expect(readCues(doc)).toEqual([
      { ...CUES[0]!, startMs: 0, endMs: MAX_CUE_MS, speaker: 'x'.repeat(200) },
      ...CUES,
    ]);
  });
});

describe('timeAt', () => {
  it('gives the start of the cue holding a position, the previous cue in a gap, null before any', () => {
    const cues: Cue[] = [
      { start: 5, end: 10, startMs: 1_000, endMs: 2_000 },
      { start: 12, end: 20, startMs: 3_000, endMs: 4_000 },
    ];
    expect(timeAt(cues, 0)).toBeNull();
    expect(timeAt(cues, 4)).toBeNull();
    expect(timeAt(cues, 5)).toBe(1_000);
    expect(timeAt(cues, 9)).toBe(1_000);
    expect(timeAt(cues, 10)).toBe(1_000); // the gap after the first cue
    expect(timeAt(cues, 11)).toBe(1_000);
    expect(timeAt(cues, 12)).toBe(3_000);
    expect(timeAt(cues, 25)).toBe(3_000);
    expect(timeAt([], 3)).toBeNull();
  });
});

describe('formatTime', () => {
  it('prints hh:mm:ss with the hours always shown, milliseconds dropped', () => {
    expect(formatTime(0)).toBe('00:00:00');
    expect(formatTime(751_000)).toBe('00:12:31');
    expect(formatTime(751_999)).toBe('00:12:31');
    expect(formatTime(3_723_000)).toBe('01:02:03');
    expect(formatTime(360_000_000)).toBe('100:00:00');
  });
});
