import { describe, expect, it } from 'vitest';
import {
  agreementReportPath,
  describeAgreementOptions,
  filenameFrom,
  noQuoteLayers,
  quoteLayers,
  quotesPath,
} from '../../../client/src/model/exports.ts';

describe('export menu model', () => {
  it('offers only layers with codings, by name, in the order the server lists them', () => {
    const listed = [
      { id: 'u-ana', name: 'Ana', codings: 3 },
      { id: 'u-zoe', name: 'Zoe', codings: 0 },
      { id: 'consensus', name: 'Consensus', codings: 1 },
    ];
    expect(quoteLayers(listed)).toEqual([
      { id: 'u-ana', label: 'Ana' },
      { id: 'consensus', label: 'Consensus' },
    ]);
    expect(quoteLayers([])).toEqual([]);
  });

  it('says why there is nothing to choose, for a reviewer and for a blind coder', () => {
    expect(noQuoteLayers(true)).toBe(
      'Nobody has coded in this project yet, so there are no quotes to export.',
    );
    expect(noQuoteLayers(false)).toBe(
      'You have not coded anything in this project yet, so there are no quotes to export.',
    );
  });

  it('builds the quotes route', () => {
    expect(quotesPath('docx', 'consensus')).toBe('export/quotes?format=docx&layer=consensus');
  });

  it("reads the server's file name, preferring the UTF-8 form and dropping path separators", () => {
    expect(filenameFrom('attachment; filename="ward-study.qdpx"', 'x')).toBe('ward-study.qdpx');
    expect(filenameFrom('attachment; filename*=UTF-8\'\'%C3%A9tude.csv; filename="etude.csv"', 'x')).toBe(
      'étude.csv',
    );
    expect(filenameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('....etcpasswd');
    expect(filenameFrom(null, 'fallback.md')).toBe('fallback.md');
  });

  it("passes the dashboard's unit and options to the report and states them in words", () => {
    const segments = { unit: 'segment', segments: 'turn', replicates: 200 } as const;
    expect(agreementReportPath('csv', segments)).toBe(
      'export/agreement?format=csv&unit=segment&ci=200&segments=turn',
    );
    expect(describeAgreementOptions(segments)).toBe(
      'Unit: segments (turns); options: 95% intervals from 200 bootstrap replicates, any overlap counts as coded.',
    );
    const characters = { unit: 'character', segments: 'paragraph', replicates: 0 } as const;
    expect(agreementReportPath('json', characters)).toBe('export/agreement?format=json&unit=character&ci=0');
    expect(describeAgreementOptions(characters)).toBe(
      'Unit: characters; options: no confidence intervals, any overlap counts as coded.',
    );
  });
});
