import { describe, expect, it } from 'vitest';
import {
  alphaBand,
  formatCoefficient,
  formatInterval,
  formatPercent,
  headlineAC1,
  headlineKappa,
  heatColor,
  kappaBand,
  pairLabel,
  paradoxNote,
  reasonFor,
} from '../../../client/src/model/agreementView.ts';
import { ReportSchema } from '../../../client/src/api/agreementSchemas.ts';
import { computeAgreement, type AgreementInput } from '../../../shared/agreement/index.ts';

describe('agreement figures on the dashboard', () => {
  it('writes coefficients, percentages and intervals, and n/a for undefined ones', () => {
    expect(formatCoefficient(0.61234)).toBe('0.612');
    expect(formatCoefficient(-0.0001)).toBe('0.000');
    expect(formatCoefficient(null)).toBe('n/a');
    expect(formatPercent(0.947)).toBe('94.7%');
    expect(formatPercent(undefined)).toBe('n/a');
    expect(formatInterval({ lower: 0.5, upper: 0.79 })).toBe('[0.500, 0.790]');
    expect(formatInterval({ lower: null, upper: null })).toBe('');
    expect(formatInterval(undefined)).toBe('');
  });

  it('names the bands of Landis & Koch for κ and of Krippendorff for α', () => {
    expect(kappaBand(0.613)).toBe('substantial');
    expect(kappaBand(-0.1)).toBe('poor');
    expect(kappaBand(null)).toBe('');
    expect(alphaBand(0.8)).toBe('reliable');
    expect(alphaBand(0.7)).toBe('tentative');
    expect(alphaBand(0.612)).toBe('unreliable');
  });

  it('shows Cohen’s κ for one pair and Fleiss’ κ for more', () => {
    const row = { cohensKappa: { 'a|b': 0.4, 'a|c': 0.2, 'b|c': 0.1 }, fleissKappa: 0.25 };
    expect(headlineKappa(row, ['a|b'])).toBe(0.4);
    expect(headlineKappa(row, ['a|b', 'a|c', 'b|c'])).toBe(0.25);
    expect(headlineKappa({ cohensKappa: {}, fleissKappa: null }, ['x|y'])).toBeNull();
  });

  it('shows the pair’s AC1 beside Cohen’s κ for one pair and the multi-rater AC1 for more', () => {
    const row = { gwetAC1: 0.7, gwetAC1ByPair: { 'a|b': 0.86, 'a|c': 0.6, 'b|c': 0.5 } };
    expect(headlineAC1(row, ['a|b'])).toBe(0.86);
    expect(headlineAC1(row, ['a|b', 'a|c', 'b|c'])).toBe(0.7);
    // Reports frozen before AC1 existed carry neither field.
    expect(headlineAC1({}, ['a|b'])).toBeNull();
    expect(headlineAC1({}, ['a|b', 'a|c'])).toBeNull();
  });

  it('colours the heat map from red through green, grey when undefined', () => {
    expect(heatColor(0)).toBe('hsl(0, 70%, 82%)');
    expect(heatColor(-0.5)).toBe('hsl(0, 70%, 82%)');
    expect(heatColor(1)).toBe('hsl(120, 70%, 82%)');
    expect(heatColor(null)).toBe('#eceff3');
  });

  it('labels pairs by name and finds the reason behind a null', () => {
    const names = (id: string) => ({ a: 'Ann', b: 'Bob' })[id] ?? id;
    expect(pairLabel('a|b', names)).toBe('Ann × Bob');
    expect(reasonFor({ krippendorffAlphaReason: 'no variation' }, 'krippendorffAlpha')).toBe('no variation');
    expect(reasonFor({ cohensKappaReason: { 'a|b': 'no units' } }, 'cohensKappa', 'a|b')).toBe('no units');
    expect(reasonFor({}, 'fleissKappa')).toBe('');
  });
});

describe('the dashboard’s report schema', () => {
  const input: AgreementInput = {
    documents: [{ id: 'd', length: 40, units: [0, 10, 20, 30].map((s) => [s, s + 10] as [number, number]) }],
    coders: ['a', 'b'],
    codes: [{ id: 'x', name: 'X' }],
    codings: [
      { document: 'd', coder: 'a', code: 'x', start: 0, end: 5 },
      { document: 'd', coder: 'b', code: 'x', start: 12, end: 15 },
    ],
  };

  it('parses a report with AC1, Holsti and the paradox flag, and keeps them', () => {
    const report = computeAgreement(input, {
      unit: 'segment',
      segments: 'given',
      ci: { replicates: 20, seed: 1 },
    });
    const view = ReportSchema.parse(report);
    const code = view.codes[0]!;
    expect(code.gwetAC1).toBe(report.codes[0]!.gwetAC1);
    expect(code.gwetAC1ByPair?.['a|b']).toBe(report.codes[0]!.gwetAC1ByPair['a|b']);
    expect(code.ci?.gwetAC1).toEqual(report.codes[0]!.ci?.gwetAC1);
    expect(code.pairs['a|b']?.holsti).toBe(0);
    expect(code.paradox).toBe(false);
    expect(view.overall.gwetAC1).toBe(report.overall.gwetAC1);
  });

  it('still parses a report frozen before those figures existed', () => {
    const report = computeAgreement(input, { unit: 'segment', segments: 'given' });
    const older = JSON.parse(JSON.stringify(report)) as Record<string, unknown> & {
      codes: Record<string, unknown>[];
      overall: Record<string, unknown>;
    };
    for (const c of older.codes) {
      for (const k of ['gwetAC1', 'gwetAC1ByPair', 'paradox', 'paradoxExplanation']) delete c[k];
    }
    for (const k of ['gwetAC1', 'gwetAC1ByPair', 'holsti', 'holstiByPair']) delete older.overall[k];
    expect(ReportSchema.safeParse(older).success).toBe(true);
  });
});

describe('the κ paradox note', () => {
  it('names coder pairs by name, never by their user ids', () => {
    // 20 paragraphs; each of three coders codes a different one: 90% agreement, κ below zero.
    const paragraphs = Array.from({ length: 20 }, (_, i) => `Paragraph ${i}.`);
    const text = paragraphs.join('\n\n');
    const at = (i: number) => {
      const start = [...paragraphs.slice(0, i).join('\n\n')].length + (i > 0 ? 2 : 0);
      return { start, end: start + [...paragraphs[i]!].length };
    };
    const coders = ['u-ann-1', 'u-bob-2', 'u-cat-3'];
    const input: AgreementInput = {
      documents: [{ id: 'd', text }],
      coders,
      codes: [{ id: 'k', name: 'Waiting times' }],
      codings: coders.map((coder, i) => ({ document: 'd', coder, code: 'k', ...at(i) })),
      completed: { d: coders },
    };
    const report = ReportSchema.parse(computeAgreement(input, { unit: 'segment', segments: 'paragraph' }));
    const row = report.codes[0]!;
    expect(row.paradox).toBe(true);
    const names = new Map([
      ['u-ann-1', 'Ann'],
      ['u-bob-2', 'Bob'],
      ['u-cat-3', 'Cat'],
    ]);
    const note = paradoxNote(row, report.pairs, (id) => names.get(id) ?? id);
    expect(note).toContain('Ann × Bob: ');
    expect(note).toContain('Bob × Cat: ');
    for (const id of coders) expect(note).not.toContain(id);
    // Two coders: the engine's sentence as it is (it names no pair).
    const two = ReportSchema.parse(
      computeAgreement(
        {
          ...input,
          coders: coders.slice(0, 2),
          codings: input.codings.slice(0, 2),
          completed: { d: coders.slice(0, 2) },
        },
        { unit: 'segment', segments: 'paragraph' },
      ),
    );
    expect(paradoxNote(two.codes[0]!, two.pairs, (id) => names.get(id) ?? id)).toBe(
      two.codes[0]!.paradoxExplanation,
    );
  });
});
