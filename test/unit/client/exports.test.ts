import { describe, expect, it } from 'vitest';
import {
  agreementReportPath,
  describeAgreementOptions,
  filenameFrom,
  quoteLayers,
  quotesPath,
} from '../../../client/src/model/exports.ts';

const members = [
  { userId: 'u-zoe', name: 'Zoe', role: 'coder' as const },
  { userId: 'u-ana', name: 'Ana', role: 'reviewer' as const },
  { userId: 'u-vic', name: 'Vic', role: 'viewer' as const },
];

describe('export menu model', () => {
  it('offers every coder by name (coders first) and the consensus to those who see all layers', () => {
    expect(quoteLayers(true, 'u-ana', members)).toEqual([
      { id: 'u-zoe', label: 'Zoe' },
      { id: 'u-ana', label: 'Ana' },
      { id: 'consensus', label: 'Consensus' },
    ]);
  });

  it('offers a coder in a blind round their own layer only', () => {
    expect(quoteLayers(false, 'u-zoe', members)).toEqual([{ id: 'u-zoe', label: 'Zoe' }]);
    expect(quoteLayers(false, 'u-vic', members)).toEqual([]);
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
