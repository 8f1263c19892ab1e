/** Transcript layouts into speaker turns, and Markdown into plain text. */
import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../../server/services/import/markdown.ts';
import {
  cuesToTurns,
  layoutTranscript,
  speakerLine,
  tidyText,
  turnsToText,
} from '../../../server/services/import/transcript.ts';

describe('speakerLine', () => {
  it.each([
    ['Anna: Hard.', 'Anna', 'Hard.'],
    ['  INTERVIEWER:   What now? ', 'INTERVIEWER', 'What now?'],
    ['[00:01:02] Dr. Ann Smith: Yes', 'Dr. Ann Smith', 'Yes'],
    ['00:01:02 - Bob: Yes', 'Bob', 'Yes'],
    ['(1:02) Bob: Yes', 'Bob', 'Yes'],
    ['Anna (00:01:10): And now?', 'Anna', 'And now?'],
    ['Anna [01:10]: And now?', 'Anna', 'And now?'],
    ['P3 (nurse): We met: twice.', 'P3 (nurse)', 'We met: twice.'],
    ['Interviewer:', 'Interviewer', ''],
    ['王医生: 你好', '王医生', '你好'],
  ])('%j is a turn of %j', (line, speaker, text) => {
    expect(speakerLine(line)).toEqual({ speaker, text });
  });

  it.each([
    'See https://example.org: it explains.',
    'At 10:30 we met.',
    'This is a long sentence that goes on: and on.',
    '12: the number.',
    'No colon here',
    'It ended. Then: silence.',
  ])('%j is not a turn', (line) => {
    expect(speakerLine(line)).toBeNull();
  });
});

describe('layoutTranscript', () => {
  it('lays out turns, joins continuation lines, drops timestamp lines, keeps a preamble', () => {
    const text = [
      'Site visit, May',
      '',
      '00:00:01',
      'Q: First?',
      'A: One,',
      'two.',
      '',
      'Q: Second?',
      'A: Three.',
    ].join('\n');
    expect(layoutTranscript(text)).toEqual({
      text: 'Site visit, May\n\nQ: First?\n\nA: One,\ntwo.\n\nQ: Second?\n\nA: Three.',
      turns: 4,
      speakers: ['Q', 'A'],
    });
  });

  it('leaves text alone when no speaker speaks twice or labels are rare', () => {
    expect(layoutTranscript('Aims: one.\nMethods: two.\nResults: three.').turns).toBe(0);
    const prose = [
      'Anna: hello',
      'Anna: again',
      ...Array.from({ length: 30 }, (_, i) => `Line ${i} of prose.`),
    ].join('\n');
    expect(layoutTranscript(prose)).toEqual({ text: prose, turns: 0, speakers: [] });
  });

  it('reads Otter-style headers', () => {
    const text =
      'Sam Lee  0:03\nGood morning.\nHow are you?\n\nJo  1:07:02\nFine.\n\nSam Lee  1:07:09\nGood.';
    expect(layoutTranscript(text).text).toBe(
      'Sam Lee: Good morning.\nHow are you?\n\nJo: Fine.\n\nSam Lee: Good.',
    );
  });

  it('tidies line ends, trailing spaces and runs of blank lines', () => {
    expect(tidyText('\r\n\r\na  \r\nb\r\r\r\r\nc\n\n')).toBe('a\nb\n\nc');
  });
});

describe('cuesToTurns', () => {
  it("merges a speaker's consecutive cues and unnamed cues until a pause", () => {
    const turns = cuesToTurns([
      { speaker: 'Ann', text: 'Hello', start: 0, end: 1 },
      { speaker: 'Ann', text: ' there. ', start: 1, end: 2 },
      { speaker: 'Bob', text: 'Hi', start: 2, end: 3 },
      { speaker: null, text: 'Music', start: 3, end: 4 },
      { speaker: null, text: 'plays', start: 4.5, end: 5 },
      { speaker: null, text: 'Later', start: 9, end: 10 },
      { speaker: 'Bob', text: '', start: 10, end: 11 },
    ]);
    expect(turns).toEqual([
      { speaker: 'Ann', text: 'Hello there.' },
      { speaker: 'Bob', text: 'Hi' },
      { speaker: null, text: 'Music plays' },
      { speaker: null, text: 'Later' },
    ]);
    expect(turnsToText(turns)).toBe('Ann: Hello there.\n\nBob: Hi\n\nMusic plays\n\nLater');
  });
});

describe('markdownToText', () => {
  it('keeps words, drops markup', () => {
    const md = [
      '# Title & *more*',
      '',
      '**Q:** Is it `x < y`? See [docs](http://x.org) ![a chart](c.png) &amp; <b>bold</b>',
      'next line\\*',
      '',
      '> quoted',
      '',
      '1. one',
      '2. two',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '```',
      'code <kept>',
      '```',
      '',
      '---',
    ].join('\n');
    expect(markdownToText(md)).toBe(
      [
        'Title & more',
        'Q: Is it x < y? See docs a chart & bold\nnext line*',
        'quoted',
        '1. one\n2. two',
        'a | b\n1 | 2',
        'code <kept>',
      ].join('\n\n'),
    );
  });
});
