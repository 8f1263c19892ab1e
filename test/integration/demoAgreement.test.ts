/**
 * The demo project's agreement report over real HTTP: the kappa paradox on a rare code, with
 * Gwet's AC1 beside κ and the explanation the dashboard shows.
 */
import { describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../shared/agreement/index.ts';
import { demoServerPerFile } from '../helpers/demo.ts';

const demo = demoServerPerFile();

describe('demo project agreement', () => {
  it('flags the kappa paradox on "Reviewing and presenting evidence" and reports AC1 beside κ', async () => {
    const res = await demo.server.api<{ report: AgreementReport }>(
      'GET',
      `/api/projects/${demo.project.id}/agreement`,
    );
    expect(res.status).toBe(200);
    const code = res.body.report.codes.find((c) => c.name === 'Reviewing and presenting evidence');
    if (!code) expect.fail('code missing from the report');
    const [key] = res.body.report.pairs;
    const pair = code.pairs[key ?? ''];
    if (!pair) expect.fail('pair missing');
    // The demo's seeded second coder: of 26 paragraphs, 1 coded by both, 3 by one coder only, 22 by
    // neither (either orientation of the table, depending on how the pair key sorts).
    expect(pair.n).toBe(26);
    expect(pair.table[1]?.[1]).toBe(1);
    expect(pair.table[0]?.[0]).toBe(22);
    // Worked by hand from that table: P_o = 23/26; κ's P_e = (2·3 + 24·23)/26² = 558/676, so
    // κ = (598 − 558)/(676 − 558) = 40/118; AC1's π = (2 + 3)/52, P_e = 2π(1 − π) = 470/2704, so
    // AC1 = (23·104 − 470)/(2704 − 470) = 1922/2234; Holsti = 2·1/(2 + 3).
    expect(code.percentAgreement).toBeCloseTo(23 / 26, 12);
    expect(pair.cohensKappa).toBeCloseTo(40 / 118, 12);
    expect(pair.gwetAC1).toBeCloseTo(1922 / 2234, 12);
    expect(code.gwetAC1).toBeCloseTo(1922 / 2234, 12);
    expect(pair.holsti).toBeCloseTo(0.4, 12);
    expect(pair.prevalenceIndex).toBeCloseTo((1 - 22) / 26, 12);
    expect(pair.paradox).toBe(true);
    expect(code.paradox).toBe(true);
    expect(code.paradoxExplanation).toContain('88.5% agreement, κ 0.339');
    expect(code.paradoxExplanation).toContain('prevalence index -0.81');
    expect(code.paradoxExplanation).toContain('AC1');
    expect(code.paradoxExplanation).toContain('0.860');
    // A code the coders agree on perfectly is not flagged.
    const perfect = res.body.report.codes.find((c) => c.name === 'Critical challenge');
    expect(perfect?.percentAgreement).toBe(1);
    expect(perfect?.paradox).toBe(false);
    expect(perfect).not.toHaveProperty('paradoxExplanation');
  });
});
