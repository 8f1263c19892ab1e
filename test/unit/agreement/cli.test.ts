/**
 * `concord agreement` end to end: spawns `node bin/concord.js agreement <file>` as a user would.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementInput, AgreementReport } from '../../../shared/agreement/index.ts';
import { codingExamples } from './examples.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'bin', 'concord.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function concord(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      done({ code, stdout, stderr });
    });
  });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'concord-agreement-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/**
 * Krippendorff (2004, p. 224) as a file: ten one-character units, coders "zoe" and "adam", value 1
 * = the code applied. The coder order is deliberately not alphabetical to check the pair key.
 */
function krippendorff2004(): { input: AgreementInput; expected: Record<string, number>; tolerance: number } {
  const ex = codingExamples().find((e) => e.file === 'krippendorff2004_binary_p224.json')?.example;
  if (!ex?.units) throw new Error('example missing');
  const units = ex.units;
  const coders = ['zoe', 'adam'];
  return {
    input: {
      documents: [
        { id: 'p224', length: units.length, units: units.map((_, i) => [i, i + 1] as [number, number]) },
      ],
      coders,
      codes: [{ id: 'present', name: 'Present' }],
      codings: units.flatMap((row, i) =>
        row.flatMap((v, k) =>
          v === 1
            ? [{ document: 'p224', coder: coders[k] ?? '', code: 'present', start: i, end: i + 1 }]
            : [],
        ),
      ),
    },
    expected: ex.expected,
    tolerance: ex.tolerance,
  };
}

describe('concord agreement', () => {
  it('prints the JSON report with the contract keys and the published values (Krippendorff 2004 p.224)', async () => {
    const { input, expected, tolerance } = krippendorff2004();
    const run = await concord(['agreement', await file('p224.json', input), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as AgreementReport;
    expect(report.unit).toBe('segment');
    expect(report.segmentation).toBe('given');
    expect(report.coders).toEqual(['zoe', 'adam']);
    const code = report.codes[0];
    if (!code) expect.fail('no code in report');
    expect(Object.keys(code)).toEqual(
      expect.arrayContaining([
        'code',
        'units',
        'percentAgreement',
        'cohensKappa',
        'fleissKappa',
        'krippendorffAlpha',
        'alphaU',
      ]),
    );
    expect(Object.keys(report.overall)).toEqual(
      expect.arrayContaining(['pooledKappa', 'krippendorffAlpha', 'alphaU']),
    );
    expect(Object.keys(code.cohensKappa)).toEqual(['adam|zoe']);
    expect(code.units).toBe(10);
    expect(
      Math.abs((code.krippendorffAlpha ?? Number.NaN) - (expected.krippendorff_alpha_nominal ?? 0)),
    ).toBeLessThanOrEqual(tolerance);
    expect(
      Math.abs((code.percentAgreement ?? Number.NaN) - (expected.percent_agreement_pairwise ?? 0)),
    ).toBeLessThanOrEqual(tolerance);
    // One present/absent code over the same units: the overall binary items are that code's.
    expect(report.overall.krippendorffAlpha).toBeCloseTo(code.krippendorffAlpha ?? Number.NaN, 12);
  });

  it('prints a readable table stating the unit of analysis and the interpretation bands', async () => {
    const { input } = krippendorff2004();
    const run = await concord(['agreement', await file('table.json', input), '--unit', 'character']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Unit of analysis: characters/);
    expect(run.stdout).toMatch(/κ adam\|zoe/);
    expect(run.stdout).toMatch(/≥ \.800 reliable, ≥ \.667 tentative/);
    expect(run.stdout).toMatch(/NVivo/);
    expect(run.stdout).toMatch(/^Present\s+10\s+60\.0%/m);
  });

  it('prints Gwet’s AC1 beside κ, Holsti’s CR, and explains high agreement with low κ', async () => {
    // One rare code on 26 one-character segments: both coders on 1, the first only on 2, the second
    // only on 1, neither on 22. By hand: κ = 40/118 = 0.339, AC1 = 1922/2234 = 0.860, CR = 2/5.
    const pattern = [[1, 1], [1, 0], [1, 0], [0, 1], ...Array.from({ length: 22 }, () => [0, 0])];
    const input: AgreementInput = {
      documents: [{ id: 'd', length: 26, units: pattern.map((_, u) => [u, u + 1] as [number, number]) }],
      coders: ['ann', 'bob'],
      codes: [{ id: 'rare', name: 'Rare' }],
      codings: pattern.flatMap(([a, b], u) => [
        ...(a ? [{ document: 'd', coder: 'ann', code: 'rare', start: u, end: u + 1 }] : []),
        ...(b ? [{ document: 'd', coder: 'bob', code: 'rare', start: u, end: u + 1 }] : []),
      ]),
    };
    const run = await concord(['agreement', await file('rare.json', input), '--segments', 'given']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Gwet AC1/);
    expect(run.stdout).toMatch(/^Rare\s+26\s+88\.5%\s+0\.339\s+\S+.*\s0\.860\s/m);
    expect(run.stdout).toMatch(/Holsti's CR, \(segment, code\) decisions\s+0\.400/);
    expect(run.stdout).toMatch(
      /High agreement but low κ:\n {2}- Rare: High agreement but low κ: 88\.5% agreement, κ 0\.339/,
    );
  });

  it('reports a missing file with exit code 1', async () => {
    const run = await concord(['agreement', join(dir, 'nope.json'), '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot read .*nope\.json: no such file/);
    expect(run.stdout).toBe('');
  });

  it('reports invalid JSON with exit code 1', async () => {
    const run = await concord(['agreement', await file('broken.json', '{"documents": ['), '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.json is not valid JSON/);
  });

  it('prints every validation issue with its path, exit code 1', async () => {
    const bad = {
      documents: [{ id: 'd', length: 5 }],
      coders: ['a'],
      codes: [{ id: 'x', name: 'X' }],
      codings: [
        { document: 'd', coder: 'ghost', code: 'x', start: 0, end: 2 },
        { document: 'd', coder: 'a', code: 'x', start: 4, end: 9 },
        { document: 'elsewhere', coder: 'a', code: 'x', start: 3, end: 1 },
      ],
    };
    const run = await concord(['agreement', await file('invalid.json', bad), '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not a valid agreement input/);
    expect(run.stderr).toMatch(/at codings\.0\.coder: unknown coder 'ghost'/);
    expect(run.stderr).toMatch(/at codings\.1\.end: end 9 is after the length 5/);
    expect(run.stderr).toMatch(/at codings\.2\.document: unknown document 'elsewhere'/);
    expect(run.stderr).toMatch(/at codings\.2\.start: start 3 is after end 1/);
  });

  it('prints schema issues with their paths', async () => {
    const run = await concord([
      'agreement',
      await file('shape.json', { documents: [{ id: 7 }], coders: [] }),
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/at documents\.0\.id:/);
    expect(run.stderr).toMatch(/at codes:/);
  });

  it('says clearly that a broken .qdpx is not a zip archive, exit code 1', async () => {
    const run = await concord(['agreement', await file('project.qdpx', 'PK'), '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/project\.qdpx is not a zip archive/);
  });

  it.each([
    [[], /missing input file/],
    [['a.json', 'b.json'], /exactly one input file/],
    [['x.json', '--unit', 'words'], /--unit must be character, segment or unitizing/],
    [['x.json', '--overlap', '2'], /--overlap expects a number from 0 to 1/],
    [['x.json', '--unit', 'character', '--segments', 'line'], /only apply to --unit segment/],
    [['x.json', '--ci', 'many'], /--ci expects a whole number/],
    [['x.json', '--frobnicate'], /Unknown option/],
  ])('usage error %j: exit code 2', async (args, message) => {
    const run = await concord(['agreement', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage: concord agreement/);
  });
});
