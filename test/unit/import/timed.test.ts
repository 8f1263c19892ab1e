/**
 * Timelines of timed transcript files, read as an upload is: the text laid out as before, and
 * the cues in code points of that text, worked out by hand.
 */
import { Document as DocxDocument, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../../server/services/import/documents.ts';
import { DEFAULT_ZIP_LIMITS } from '../../../server/services/import/zip.ts';
import type { Cue } from '../../../shared/sources.ts';

async function read(name: string, data: string | Buffer) {
  return readDocumentFile(
    { name, data: typeof data === 'string' ? Buffer.from(data) : data },
    DEFAULT_ZIP_LIMITS,
  );
}

/** Each cue's text as the document's text holds it, by code points. */
function spans(text: string, cues: readonly Cue[]): string[] {
  const points = Array.from(text);
  return cues.map((c) => points.slice(c.start, c.end).join(''));
}

describe('WebVTT timelines', () => {
  it('gives one cue per caption, with its voice, the first of a turn covering the label', async () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:04.500',
      '<v Anna>🌱 We lost the garden.',
      '',
      '00:00:04.500 --> 00:00:06.000',
      '<v Anna>And the staff room.',
      '',
      '00:00:07.250 --> 00:00:09.000',
      '<v Ben>Last year?',
    ].join('\n');
    const doc = await read('ward.vtt', vtt);
    expect(doc.text).toBe('Anna: 🌱 We lost the garden. And the staff room.\n\nBen: Last year?');
    // Code points: "Anna: " 0-5, 🌱 6, " We lost the garden." 7-26 (end 27), " " 27,
    // "And the staff room." 28-46 (end 47), "\n\n" 47-48, "Ben: Last year?" 49-63 (end 64).
    expect(doc.cues).toEqual([
      { start: 0, end: 27, startMs: 1_000, endMs: 4_500, speaker: 'Anna' },
      { start: 28, end: 47, startMs: 4_500, endMs: 6_000, speaker: 'Anna' },
      { start: 49, end: 64, startMs: 7_250, endMs: 9_000, speaker: 'Ben' },
    ]);
    expect(spans(doc.text, doc.cues!)).toEqual([
      'Anna: 🌱 We lost the garden.',
      'And the staff room.',
      'Ben: Last year?',
    ]);
  });

  it('splits a caption holding two voices into a cue for each, with the same times', async () => {
    const vtt = 'WEBVTT\n\n01:02:03.004 --> 01:02:05.000\n<v Anna>Yes.</v> <v Ben>No.</v>\n';
    const doc = await read('two.vtt', vtt);
    expect(doc.text).toBe('Anna: Yes.\n\nBen: No.');
    expect(doc.cues).toEqual([
      { start: 0, end: 10, startMs: 3_723_004, endMs: 3_725_000, speaker: 'Anna' },
      { start: 12, end: 20, startMs: 3_723_004, endMs: 3_725_000, speaker: 'Ben' },
    ]);
  });
});

describe('SRT timelines', () => {
  it('reads "Name:" labels and unnamed captions, running unnamed ones together until a pause', async () => {
    const srt = [
      '1',
      '00:00:00,500 --> 00:00:02,000',
      'Anna: Hello there.',
      '',
      '2',
      '00:00:02,000 --> 00:00:03,000',
      'Ben: Hi Anna.',
      '',
      '3',
      '00:00:03,100 --> 00:00:04,000',
      'Anna: How was it?',
      '',
      '4',
      '00:00:04,000 --> 00:00:05,000',
      'Ben: Fine.',
    ].join('\r\n');
    const doc = await read('call.srt', srt);
    expect(doc.text).toBe('Anna: Hello there.\n\nBen: Hi Anna.\n\nAnna: How was it?\n\nBen: Fine.');
    expect(doc.cues).toEqual([
      { start: 0, end: 18, startMs: 500, endMs: 2_000, speaker: 'Anna' },
      { start: 20, end: 33, startMs: 2_000, endMs: 3_000, speaker: 'Ben' },
      { start: 35, end: 52, startMs: 3_100, endMs: 4_000, speaker: 'Anna' },
      { start: 54, end: 64, startMs: 4_000, endMs: 5_000, speaker: 'Ben' },
    ]);
  });

  it('times unnamed captions each, within the paragraph they run into', async () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:02,000\nFirst line.\n\n2\n00:00:02,500 --> 00:00:03,000\nSecond.\n';
    const doc = await read('plain.srt', srt);
    expect(doc.text).toBe('First line. Second.');
    expect(doc.cues).toEqual([
      { start: 0, end: 11, startMs: 1_000, endMs: 2_000 },
      { start: 12, end: 19, startMs: 2_500, endMs: 3_000 },
    ]);
  });
});

describe('stamped text transcripts', () => {
  it('times each stamped turn over its paragraph, ending where the next begins', async () => {
    const txt = [
      'Interview 4, ward 7',
      '',
      '[00:00:05] Interviewer: How did the move go?',
      '[00:01:02] Anna: Hard 😊. We lost the garden,',
      'and the staff room.',
      '',
      '00:02:00',
      'Interviewer (00:02:10): And now?',
      'Anna: Better.',
      '(3:05) Interviewer: Why?',
    ].join('\r\n');
    const doc = await read('ward-7.txt', txt);
    // The layout is the one every transcript gets, stamps dropped.
    expect(doc.text).toBe(
      [
        'Interview 4, ward 7',
        'Interviewer: How did the move go?',
        'Anna: Hard 😊. We lost the garden,\nand the staff room.',
        'Interviewer: And now?',
        'Anna: Better.',
        'Interviewer: Why?',
      ].join('\n\n'),
    );
    // "Interview 4, ward 7" 0-18, "\n\n", turn 1 at 21 (33 long → 54), turn 2 at 56 (53 code
    // points: the emoji is one → 109), turn 3 at 111 (21 → 132), "Anna: Better." 134-146 has no
    // stamp, turn 5 at 149 (17 → 166).
    expect(doc.cues).toEqual([
      { start: 21, end: 54, startMs: 5_000, endMs: 62_000, speaker: 'Interviewer' },
      { start: 56, end: 109, startMs: 62_000, endMs: 130_000, speaker: 'Anna' },
      // The stamp in the label wins over the one on the line before it.
      { start: 111, end: 132, startMs: 130_000, endMs: 185_000, speaker: 'Interviewer' },
      // The last: its one word ("Why?", the label is not spoken) at 150 words a minute.
      { start: 149, end: 166, startMs: 185_000, endMs: 185_400, speaker: 'Interviewer' },
    ]);
    expect(spans(doc.text, doc.cues!)[1]).toBe('Anna: Hard 😊. We lost the garden,\nand the staff room.');
  });

  it('times a short exchange of two stamped turns by different speakers', async () => {
    // Field case: with nobody speaking twice the stamps were left in the text and no cue was made.
    const doc = await read(
      'short.txt',
      '[00:00:05] Interviewer: Let’s start.\n[00:00:08] Respondent: It’s bad.\n',
    );
    expect(doc.text).toBe('Interviewer: Let’s start.\n\nRespondent: It’s bad.');
    expect(doc.speakers).toEqual(['Interviewer', 'Respondent']);
    expect(doc.cues).toEqual([
      { start: 0, end: 25, startMs: 5_000, endMs: 8_000, speaker: 'Interviewer' },
      // "It’s bad." is two words: 800 ms at 150 words a minute.
      { start: 27, end: 48, startMs: 8_000, endMs: 8_800, speaker: 'Respondent' },
    ]);
  });

  it('reads two captions that each name a different speaker as two turns', async () => {
    // Field case: with nobody speaking twice the labels were taken for text and both merged.
    const srt =
      '1\n00:00:01,000 --> 00:00:04,000\nInterviewer: Let’s start.\n\n2\n00:00:04,000 --> 00:00:06,000\nRespondent: It’s bad.\n';
    const doc = await read('short.srt', srt);
    expect(doc.text).toBe('Interviewer: Let’s start.\n\nRespondent: It’s bad.');
    expect(doc.turns).toBe(2);
    expect(doc.cues).toEqual([
      { start: 0, end: 25, startMs: 1_000, endMs: 4_000, speaker: 'Interviewer' },
      { start: 27, end: 48, startMs: 4_000, endMs: 6_000, speaker: 'Respondent' },
    ]);
  });

  it('takes the end from a stamp range on its own line', async () => {
    const txt = '00:00:01 --> 00:00:03\nQ: Ready?\n00:00:04 --> 00:00:09\nA: Yes.\nQ: Go.\nA: Done.';
    const doc = await read('range.txt', txt);
    expect(doc.text).toBe('Q: Ready?\n\nA: Yes.\n\nQ: Go.\n\nA: Done.');
    expect(doc.cues).toEqual([
      { start: 0, end: 9, startMs: 1_000, endMs: 3_000, speaker: 'Q' },
      { start: 11, end: 18, startMs: 4_000, endMs: 9_000, speaker: 'A' },
    ]);
  });

  it('gives a transcript without stamps, and prose, no timeline', async () => {
    expect((await read('plain.txt', 'Q: One?\nA: Two.\nQ: Three?\nA: Four.')).cues).toBeUndefined();
    expect((await read('memo.txt', 'At 10:30 we met.\nNothing else.')).cues).toBeUndefined();
  });

  it('reads stamps in a Word transcript with bold labels', async () => {
    const paragraphs: [string, string][] = [
      ['[00:00:03] Moderator:', ' Welcome, everyone.'],
      ['[00:00:08] Ruth:', ' 你好，谢谢。'],
      ['[00:00:12] Moderator:', ' Thank you.'],
      ['[00:00:15] Ruth:', ' Bye.'],
    ];
    const data = await Packer.toBuffer(
      new DocxDocument({
        sections: [
          {
            children: paragraphs.map(
              ([label, text]) =>
                new Paragraph({ children: [new TextRun({ text: label, bold: true }), new TextRun(text)] }),
            ),
          },
        ],
      }),
    );
    const doc = await read('group.docx', data);
    expect(doc.text).toBe(
      'Moderator: Welcome, everyone.\n\nRuth: 你好，谢谢。\n\nModerator: Thank you.\n\nRuth: Bye.',
    );
    expect(doc.cues).toEqual([
      { start: 0, end: 29, startMs: 3_000, endMs: 8_000, speaker: 'Moderator' },
      { start: 31, end: 43, startMs: 8_000, endMs: 12_000, speaker: 'Ruth' },
      { start: 45, end: 66, startMs: 12_000, endMs: 15_000, speaker: 'Moderator' },
      { start: 68, end: 78, startMs: 15_000, endMs: 15_400, speaker: 'Ruth' },
    ]);
  });
});
