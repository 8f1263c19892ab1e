/** Where a passage is cited: the margin's paragraph or turn number and the turn's speaker. */
import { describe, expect, it } from 'vitest';
import { CitationIndex, citationNumbers } from '../../../shared/model/citations.ts';

const transcript = [
  'Interview with a ward nurse, March.', // ¶1
  '',
  'Interviewer: How was the discharge?', // ¶2
  'Nurse: Busy. Families were not told.', // ¶3
  'We learnt a lot from it.', // still ¶3, Nurse's turn
  '',
  '', // blank lines before ¶4
  'A note written after the interview.', // ¶4
].join('\n');

describe('citations of passages', () => {
  const index = new CitationIndex(transcript);
  const at = (needle: string) => index.at(transcript.indexOf(needle));

  it('gives the number the margin shows for the line where the passage starts', () => {
    const numbers = citationNumbers(transcript.split('\n'));
    expect([...numbers]).toEqual([1, 0, 2, 3, 0, 0, 0, 4]);
    expect(at('Interview with')).toEqual({ number: 1, speaker: null });
    expect(at('A note written')).toEqual({ number: 4, speaker: null });
  });

  it('names the speaker of the turn, also on the turn’s further lines', () => {
    expect(at('How was')).toEqual({ number: 2, speaker: 'Interviewer' });
    expect(at('Families were')).toEqual({ number: 3, speaker: 'Nurse' });
    expect(at('We learnt')).toEqual({ number: 3, speaker: 'Nurse' });
  });

  it('cites a passage starting on a blank line by the paragraph where its text begins', () => {
    const blank = transcript.indexOf('\n\n\nA note') + 1;
    expect(index.at(blank)).toEqual({ number: 4, speaker: null });
  });

  it('counts the start and end of the text', () => {
    expect(index.at(0)).toEqual({ number: 1, speaker: null });
    expect(index.at(transcript.length)).toEqual({ number: 4, speaker: null });
    expect(new CitationIndex('').at(0)).toEqual({ number: 0, speaker: null });
  });
});
