/** The quotes table's citations: title, the margin's paragraph or turn number, and the speaker. */
import { describe, expect, it } from 'vitest';
import type { PortableProject } from '../../../shared/interchange/portable.ts';
import {
  quoteCitation,
  quotesHtml,
  quotesMarkdown,
  quotesTable,
} from '../../../server/services/export/quotes.ts';

const text =
  'Interviewer: How was the discharge?\nNurse: Families were not told. Nobody rang them.\n\nWe stayed late. 🙂 Again.';
/** Code points, as codings count them. */
const cp = (needle: string) => [...text.slice(0, text.indexOf(needle))].length;

const project: PortableProject = {
  name: 'Ward study',
  description: '',
  coders: [{ key: 'u1', name: 'Ana', externalId: 'u1', consensus: false }],
  codes: [
    { key: 't', name: 'Communication', parent: null, color: '#66c2a5', description: '' },
    { key: 'c', name: 'Families not informed', parent: 't', color: '#1b9e77', description: '' },
  ],
  documents: [{ key: 'd', title: 'interview01', text, attributes: {}, createdAt: null }],
  codings: [
    {
      key: 'k1',
      document: 'd',
      coder: 'u1',
      code: 'c',
      start: cp('Families'),
      end: cp(' Nobody'),
      memo: '',
      createdAt: '',
    },
    // Starts with the line break before the paragraph: cited where its words begin.
    {
      key: 'k2',
      document: 'd',
      coder: 'u1',
      code: 'c',
      start: cp('\n\nWe'),
      end: cp(' 🙂'),
      memo: '',
      createdAt: '',
    },
    {
      key: 'k3',
      document: 'd',
      coder: 'u1',
      code: 'c',
      start: cp('Again'),
      end: [...text].length,
      memo: '',
      createdAt: '',
    },
  ],
  completed: null,
};

describe('quote citations', () => {
  const table = quotesTable(project, 'u1');
  const quotes = table.themes[0]!.codes[0]!.quotes;

  it('cites the turn number and the speaker inside a speaker turn', () => {
    expect(quotes.map(quoteCitation)).toEqual([
      'interview01, ¶2, Nurse',
      'interview01, ¶3',
      'interview01, ¶3',
    ]);
  });

  it('prints the citation in Markdown and HTML', () => {
    expect(quotesMarkdown(table)).toContain('“Families were not told.” (interview01, ¶2, Nurse)');
    expect(quotesHtml(table)).toContain('<span class="source">(interview01, ¶3)</span>');
  });
});

describe('quote times', () => {
  // "Nurse: Families…" starts at code point 36; the turns were said at 00:12:31, 00:12:40 and
  // 00:13:05. The second quote starts on the blank line before the last paragraph, in no cue:
  // it is timed where its words begin.
  const timed: PortableProject = {
    ...project,
    documents: [
      {
        ...project.documents[0]!,
        cues: [
          { start: 0, end: 35, startMs: 751_000, endMs: 760_000 },
          { start: 36, end: cp('\n\nWe'), startMs: 760_400, endMs: 770_000, speaker: 'Nurse' },
          { start: cp('We stayed'), end: [...text].length, startMs: 785_000, endMs: 790_000 },
        ],
      },
    ],
  };
  const table = quotesTable(timed, 'u1');
  const quotes = table.themes[0]!.codes[0]!.quotes;

  it('gives each quote the time its words begin', () => {
    expect(quotes.map((q) => q.startMs)).toEqual([760_400, 785_000, 785_000]);
    expect(quotesTable(project, 'u1').themes[0]!.codes[0]!.quotes.map((q) => q.startMs)).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('prints the time after the citation in Markdown and HTML', () => {
    expect(quotesMarkdown(table)).toContain('“Families were not told.” (interview01, ¶2, Nurse) [00:12:40]');
    expect(quotesHtml(table)).toContain('<span class="source">(interview01, ¶3) [00:13:05]</span>');
    expect(quotesMarkdown(quotesTable(project, 'u1'))).not.toContain('[00:');
  });
});
