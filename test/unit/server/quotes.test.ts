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
