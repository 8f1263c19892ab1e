/** The agreement report's provenance, in words researchers read. */
import { describe, expect, it } from 'vitest';
import { provenanceHtml, readableTime } from '../../../server/services/export/agreementReport.ts';

describe('agreement report provenance', () => {
  it('gives the time in UTC as people write it', () => {
    expect(readableTime('2026-11-29T18:32:05.120Z')).toBe('29 November 2026, 18:32 UTC');
    expect(readableTime('2027-01-03T07:05:00+02:00')).toBe('3 January 2027, 05:05 UTC');
    expect(readableTime('not a time')).toBe('not a time');
  });

  it('says what the figures were computed on and how to reproduce them', () => {
    expect(provenanceHtml('2026-11-29T18:32:05Z', '8d83aa01bc23ef45')).toBe(
      'Computed on the project as it was at 29 November 2026, 18:32 UTC; reproducible from the stored history (reference <code>8d83aa01bc23ef45</code>, details at the end)',
    );
  });
});
