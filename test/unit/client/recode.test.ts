import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../../client/src/api/agreementSchemas.ts';
import { RoundAgreementSchema } from '../../../client/src/api/roundsSchemas.ts';
import { listedLayers } from '../../../client/src/model/layers.ts';
import {
  intraCoderRows,
  layersWhileRecoding,
  recodeBanner,
  recodingFor,
  type RecodeRoundFacts,
} from '../../../client/src/model/recode.ts';
import { startRoundBody, type StartRoundForm } from '../../../client/src/model/rounds.ts';
import { computeAgreement, type AgreementInput } from '../../../shared/agreement/index.ts';

const round = (over: Partial<RecodeRoundFacts> = {}): RecodeRoundFacts => ({
  id: 'r2',
  name: 'Stability',
  recode: true,
  status: 'open',
  coders: ['ann', 'bob'],
  documents: ['d1', 'd2'],
  ...over,
});

describe('which layer a coder writes in a recode round', () => {
  it('is their recode layer for a document of the open recode round they code', () => {
    expect(recodingFor([round({ id: 'r1', recode: false, status: 'closed' }), round()], 'ann', 'd2')).toEqual(
      {
        roundId: 'r2',
        roundName: 'Stability',
        layer: 'ann~r2',
      },
    );
  });

  it('is their own layer otherwise: another document, not a coder of it, closed, or not a recode round', () => {
    expect(recodingFor([round()], 'ann', 'd3')).toBeNull();
    expect(recodingFor([round()], 'cat', 'd1')).toBeNull();
    expect(recodingFor([round({ status: 'closed' })], 'ann', 'd1')).toBeNull();
    expect(recodingFor([round({ recode: false })], 'ann', 'd1')).toBeNull();
    expect(recodingFor([], 'ann', 'd1')).toBeNull();
  });
});

describe('the layers the coding view opens while recoding', () => {
  const recoding = { roundId: 'r2', roundName: 'Stability', layer: 'ann~r2' };

  it('puts the recode layer in place of the coder’s own, which is not opened at all', () => {
    expect(layersWhileRecoding(['bob', 'ann', 'consensus'], 'ann', recoding)).toEqual([
      'bob',
      'ann~r2',
      'consensus',
    ]);
    // A blind round shows only the coder's own layer: then only the recode layer.
    expect(layersWhileRecoding(['ann'], 'ann', recoding)).toEqual(['ann~r2']);
  });

  it('leaves the layers alone when not recoding, and never lists the recode layer twice', () => {
    expect(layersWhileRecoding(['bob', 'ann'], 'ann', null)).toEqual(['bob', 'ann']);
    expect(layersWhileRecoding(['bob', 'ann~r2', 'ann'], 'ann', recoding)).toEqual(['bob', 'ann~r2']);
    expect(layersWhileRecoding(['consensus'], 'ann', recoding)).toEqual(['consensus', 'ann~r2']);
  });

  it('lists the empty recode layer, as it lists the coder’s own layer', () => {
    const facts = { roles: new Map(), codings: new Map(), done: () => false };
    expect(listedLayers(['ann~r2', 'owner'], { ...facts, recoding: 'ann~r2' })).toEqual(['ann~r2']);
    expect(listedLayers(['ann~r2'], facts)).toEqual([]);
  });

  it('says which round asks for it and that the earlier codings are hidden until it closes', () => {
    expect(recodeBanner('Stability')).toBe(
      'Recoding for round ‘Stability’: your earlier codings of this document are hidden until the round closes.',
    );
  });
});

describe('the start-round form with recoding', () => {
  const form: StartRoundForm = {
    name: 'Stability',
    blind: true,
    coders: ['ann'],
    mode: 'pick',
    documents: ['d1'],
    sizeKind: 'percent',
    size: '20',
    seed: '1',
    stratifyBy: '',
    includeSampled: false,
  };

  it('sends recode: true, and takes a single coder (each is compared with themselves)', () => {
    expect(startRoundBody({ ...form, recode: true })).toEqual({
      body: { name: 'Stability', blind: true, coders: ['ann'], documents: ['d1'], recode: true },
    });
  });

  it('sends nothing about recoding when it is off, and then asks for two coders', () => {
    expect(startRoundBody({ ...form, coders: ['ann', 'bob'] })).toEqual({
      body: { name: 'Stability', blind: true, coders: ['ann', 'bob'], documents: ['d1'] },
    });
    expect(startRoundBody(form)).toEqual({ errors: { coders: expect.stringMatching(/two coders/) } });
    expect(startRoundBody({ ...form, recode: true, coders: [] })).toEqual({
      errors: { coders: 'Choose at least one coder to code these documents again.' },
    });
  });
});

describe('intra-coder rows of the round report', () => {
  // A coder codes d twice: units 0–1 the first time, units 0 and 2 the second.
  const input = (coder: string, recode: string): AgreementInput => ({
    documents: [{ id: 'd', length: 40, units: [0, 10, 20, 30].map((s) => [s, s + 10] as [number, number]) }],
    coders: [coder, recode],
    codes: [{ id: 'x', name: 'X' }],
    codings: [
      { document: 'd', coder, code: 'x', start: 0, end: 5 },
      { document: 'd', coder, code: 'x', start: 10, end: 15 },
      { document: 'd', coder: recode, code: 'x', start: 1, end: 4 },
      { document: 'd', coder: recode, code: 'x', start: 21, end: 24 },
    ],
  });
  const report = (coder: string) =>
    computeAgreement(input(coder, `${coder}~r2`), { unit: 'segment', segments: 'given' });

  it('gives each coder’s κ, AC1, α and % agreement as the report has them, in name order', () => {
    const parsed = RoundAgreementSchema.parse({
      report: report('bob'),
      intraCoder: {
        zed: { recodeLayer: 'zed~r2', state: {}, report: report('zed') },
        amy: { recodeLayer: 'amy~r2', state: {}, report: report('amy') },
      },
    });
    const names = new Map([
      ['zed', 'Ann'],
      ['amy', 'Zoë'],
    ]);
    const rows = intraCoderRows(parsed.intraCoder!, (id) => names.get(id) ?? id);
    expect(rows.map((r) => [r.coderId, r.name, r.recodeLayer])).toEqual([
      ['zed', 'Ann', 'zed~r2'],
      ['amy', 'Zoë', 'amy~r2'],
    ]);
    const served = report('zed');
    expect(rows[0]).toMatchObject({
      documentsPairable: served.documentsPairable,
      documentCount: served.documentCount,
      percentAgreement: served.overall.percentAgreement,
      kappa: served.overall.pooledKappa,
      gwetAC1: served.overall.gwetAC1,
      krippendorffAlpha: served.overall.krippendorffAlpha,
      kappaReason: null,
    });
    // Units 0 (coded both times) and 3 (neither time) agree, 1 and 2 do not.
    expect(served.overall.percentAgreement).toBe(0.5);
  });

  it('carries the reason when κ is undefined, and n/a-able nulls for reports without AC1', () => {
    const view = ReportSchema.parse(report('ann'));
    const none = {
      ...view,
      overall: { ...view.overall, pooledKappa: null, pooledKappaReason: 'no variation', gwetAC1: undefined },
    };
    const [row] = intraCoderRows({ ann: { recodeLayer: 'ann~r2', report: none } }, (id) => id);
    expect(row).toMatchObject({ kappa: null, kappaReason: 'no variation', gwetAC1: null });
  });
});
