/** The words of codebook versions recorded by rounds. */
import { describe, expect, it } from 'vitest';
import { versionNoteText, versionReasonText } from '../../../shared/rounds/versionNotes.ts';

describe('codebook version notes', () => {
  it('names the round as typed, at its start and its end', () => {
    expect(versionReasonText('round-start', 'Pilot 1')).toBe('Start of round “Pilot 1”');
    expect(versionReasonText('round-close', 'Pilot 1')).toBe('End of round “Pilot 1”');
    expect(versionReasonText('round-close', null)).toBe('End of a round');
    expect(versionReasonText('manual', 'Pilot 1')).toBe('Recorded by hand');
  });

  it('shows notes stored in the older form in the same words, and people’s notes as written', () => {
    expect(versionNoteText('round "Pilot 1" started')).toBe('Start of round “Pilot 1”');
    expect(versionNoteText('round "Main "B"" closed')).toBe('End of round “Main "B"”');
    expect(versionNoteText('After the pilot discussion')).toBe('After the pilot discussion');
    expect(versionNoteText('round "x" started, then revised')).toBe('round "x" started, then revised');
  });
});
