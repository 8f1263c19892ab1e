/**
 * The reliability part of a methods section, written from the recorded rounds: a few paragraphs
 * in plain academic English, one table row per closed round, and the sources of the measures.
 * Pure: the rounds with their frozen reports, the codebook diffs between rounds and the settled
 * disagreements go in; a document model comes out, which Markdown, HTML and Word renderers lay out
 * without computing anything, so every format shows the same figures. Numbers are formatted here
 * once: coefficients to three decimals without the leading zero (APA style, since they cannot
 * exceed 1), shares as percentages to one decimal.
 */
import type { AgreementReport } from '../agreement/report.ts';
import type { Target } from '../schemas.ts';
import type { Round } from './schemas.ts';
import { bandOf, codeValue, MEASURE_NAMES, reaches } from './target.ts';
import type { VersionDiff } from './trajectory.ts';

/** Disagreement regions of a round's documents settled into the consensus layer. */
export interface Adjudications {
  /** Distinct (document, region) pairs decided. */
  regions: number;
  /** Regions where one or more coders' codings were accepted as the consensus. */
  accepted: number;
  /** Regions the reviewer coded anew. */
  own: number;
}

/** One closed round as the methods text takes it in. */
export interface MethodsRound {
  round: Round;
  /** The frozen report (`agreement.report` of `GET …/rounds/:roundId`). */
  report: AgreementReport;
  /** Codebook diff from this round's closing version to the next round's starting one; null for the last. */
  changesAfter: VersionDiff | null;
  adjudicated: Adjudications;
  /** In a recode round: each coder's frozen report against their own earlier coding. */
  intraCoder?: Readonly<Record<string, { report: AgreementReport }>>;
}

export interface MethodsInput {
  projectName: string;
  /** Documents in the project: the base of the share double-coded. */
  documentsInProject: number;
  target: Target | null;
  /** Closed rounds, oldest first. */
  rounds: readonly MethodsRound[];
  /** The name of a round still open (not reported: its figures are not frozen), or null. */
  openRound: string | null;
}

/** A table: header and rows of plain-text cells. */
export interface MethodsTable {
  caption: string;
  header: string[];
  rows: string[][];
  notes: string[];
}

/** The document every format renders: plain text throughout (renderers escape it). */
export interface MethodsDocument {
  title: string;
  paragraphs: string[];
  table: MethodsTable;
  references: string[];
}

/** Column headers of the rounds table, in order (the contract the export's readers parse). */
export const METHODS_COLUMNS = [
  'Round',
  'Documents double-coded',
  'Coders',
  'Blind',
  'Unit of analysis',
  'Pooled κ [95% CI]',
  'α [95% CI]',
  'AC1 [95% CI]',
  'Agreement',
  'n',
  'Codes below target',
  'Codebook changes before next round',
  'Disagreements settled',
] as const;

const MINUS = '\u2212';

/** A coefficient to three decimals without the leading zero: 0.7234 → ".723", −0.05 → "−.050"; null → "—". */
export function formatCoefficient(value: number | null): string {
  if (value === null) return '—';
  const fixed = Math.abs(value).toFixed(3);
  const body = fixed.startsWith('0.') ? fixed.slice(1) : fixed;
  // Rounding can make a small negative value "−.000": show it as ".000".
  return value < 0 && body !== '.000' ? `${MINUS}${body}` : body;
}

/** A proportion as a percentage to one decimal: 0.8462 → "84.6%"; null → "—". */
export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** A coefficient with its interval when the report has one: ".723 [.610, .815]". */
function withInterval(
  value: number | null,
  ci: { lower: number | null; upper: number | null } | undefined,
): string {
  const point = formatCoefficient(value);
  if (value === null || ci === undefined || ci.lower === null || ci.upper === null) return point;
  return `${point} [${formatCoefficient(ci.lower)}, ${formatCoefficient(ci.upper)}]`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What a blind round's coders could not see. Documents already coded when the round started
 * (`codedBefore`) were coded in the open, so blindness is claimed for the others only.
 */
function blindClause(round: Round): string {
  const before = round.codedBefore.length;
  if (before === 0) return ', each blind to the others’ coding until the round closed';
  const all = before === round.documents.length;
  const coded = `had already been coded, outside a blind round, before the round started`;
  return all
    ? ` (${before === 1 ? 'it' : 'all of them'} ${coded}, so the coding was not blind)`
    : ` (${before} of these documents ${coded}); on the other ${plural(round.documents.length - before, 'document')}, each coder was blind to the others’ coding until the round closed`;
}

/** The unit of analysis in a few words. */
function unitOf(report: AgreementReport): string {
  if (report.unit === 'character') return 'characters';
  if (report.unit === 'unitizing') return 'unitizing (free segmentation)';
  const what = report.segmentation === 'given' ? 'given segments' : `${report.segmentation ?? 'paragraph'}s`;
  const theta =
    report.overlap === 'any' || report.overlap === 0 || report.overlap === null
      ? 'any overlap'
      : `coverage ≥ ${report.overlap}`;
  return `segments: ${what}, ${theta}`;
}

/** The codebook changes of a diff in words, e.g. "1 code renamed, 2 merged"; "none" when empty. */
export function describeChanges(diff: VersionDiff): string {
  const parts = [
    [diff.added.length, 'added'],
    [diff.removed.length, 'removed'],
    [diff.merged.length, 'merged into another'],
    [diff.renamed.length, 'renamed'],
    [diff.moved.length, 'moved'],
    [diff.redefined.length, 'redefined'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (said.length === 0) return 'none';
  const total = parts.reduce((sum, [n]) => sum + n, 0);
  return `${plural(total, 'change')} (${said.join(', ')})`;
}

function describeAdjudications(a: Adjudications): string {
  if (a.regions === 0) return 'none recorded';
  const how = [
    a.accepted > 0 ? `${a.accepted} by accepting a coder’s version` : null,
    a.own > 0 ? `${a.own} coded anew by the reviewer` : null,
  ].filter((x) => x !== null);
  return `${plural(a.regions, 'region')} into the consensus (${how.join(', ')})`;
}

/** Codes whose figure in the target's measure is below it or missing. */
function codesBelow(report: AgreementReport, target: Target): { below: string[]; missing: string[] } {
  const below: string[] = [];
  const missing: string[] = [];
  for (const code of report.codes) {
    const r = reaches(codeValue(code, target.measure, report.pairs), target);
    if (r === null) missing.push(code.name);
    else if (!r) below.push(code.name);
  }
  return { below, missing };
}

function row(input: MethodsInput, r: MethodsRound): string[] {
  const { report, round } = r;
  const { overall } = report;
  const pairable = report.documentsPairable;
  const share = input.documentsInProject > 0 ? pairable / input.documentsInProject : null;
  let below = '—';
  if (input.target !== null) {
    const { below: names, missing } = codesBelow(report, input.target);
    const listed = names.length === 0 ? 'none' : names.join('; ');
    below = missing.length > 0 ? `${listed} (no figure: ${missing.join('; ')})` : listed;
  }
  return [
    round.name,
    `${pairable} (${formatPercent(share)})`,
    String(report.coders.length),
    round.blind ? 'yes' : 'no',
    unitOf(report),
    withInterval(overall.pooledKappa, overall.ci?.pooledKappa),
    withInterval(overall.krippendorffAlpha, overall.ci?.krippendorffAlpha),
    withInterval(overall.gwetAC1, overall.ci?.gwetAC1),
    formatPercent(overall.percentAgreement),
    String(overall.items),
    below,
    r.changesAfter === null ? '— (last round)' : describeChanges(r.changesAfter),
    describeAdjudications(r.adjudicated),
  ];
}

function roundSentence(input: MethodsInput, r: MethodsRound, i: number): string {
  const { report, round } = r;
  const { overall } = report;
  const pairable = report.documentsPairable;
  const share = input.documentsInProject > 0 ? pairable / input.documentsInProject : null;
  const drawn =
    round.sample === null
      ? 'chosen by the team'
      : `drawn at random (seed ${round.sample.seed}${round.sample.stratifyBy === undefined ? '' : `, stratified by ${round.sample.stratifyBy}`})`;
  const given = round.documents.length;
  const sentences = [
    `In round ${i + 1} (“${round.name}”), ${plural(given, 'document')} ${drawn} ` +
      `${given === 1 ? 'was' : 'were'} given to ${plural(report.coders.length, 'coder')}${round.blind ? blindClause(round) : ', who could see each other’s coding'}; ` +
      `${pairable} of the ${plural(input.documentsInProject, 'document')} in the project (${formatPercent(share)}) ${pairable === 1 ? 'was' : 'were'} double-coded by the time the round closed.`,
    `Pooled κ was ${withInterval(overall.pooledKappa, overall.ci?.pooledKappa)}, α ${withInterval(overall.krippendorffAlpha, overall.ci?.krippendorffAlpha)}, ` +
      `AC1 ${withInterval(overall.gwetAC1, overall.ci?.gwetAC1)} and agreement ${formatPercent(overall.percentAgreement)} (n = ${overall.items} unit–code items).`,
  ];
  if (input.target !== null) {
    const { below, missing } = codesBelow(report, input.target);
    const reached = report.codes.length - below.length - missing.length;
    sentences.push(
      `${reached} of ${plural(report.codes.length, 'code')} reached the target` +
        (below.length > 0 ? `; below it: ${below.join(', ')}` : '') +
        (missing.length > 0
          ? `; without a figure (no variation or too few units): ${missing.join(', ')}`
          : '') +
        '.',
    );
  }
  const intra = Object.values(r.intraCoder ?? {}).map((c) => c.report.overall.pooledKappa);
  if (intra.length > 0) {
    const known = intra.filter((k): k is number => k !== null);
    const range =
      known.length === 0
        ? 'could not be computed (no variation or too few units)'
        : known.length === 1
          ? `was ${formatCoefficient(known[0]!)}`
          : `ranged from ${formatCoefficient(Math.min(...known))} to ${formatCoefficient(Math.max(...known))}`;
    sentences.push(
      `Each coder also coded the round’s documents again, in a fresh layer; intra-coder agreement (pooled κ of a coder’s two codings) ${range}` +
        (known.length < intra.length && known.length > 0
          ? `, for ${known.length} of ${plural(intra.length, 'coder')}`
          : '') +
        '.',
    );
  }
  if (r.changesAfter !== null)
    sentences.push(`Before the next round, the codebook was revised: ${describeChanges(r.changesAfter)}.`);
  return sentences.join(' ');
}

/** Builds the methods section from the closed rounds (see {@link MethodsInput}). */
export function methodsDocument(input: MethodsInput): MethodsDocument {
  const { rounds, target } = input;
  const paragraphs: string[] = [];
  if (rounds.length === 0) {
    paragraphs.push(
      'No reliability round has been closed in this project yet, so there are no frozen figures to report.',
    );
  } else {
    const units = [...new Set(rounds.map((r) => r.report.unitDescription))];
    const cis = [
      ...new Set(
        rounds.map((r) => (r.report.ci === null ? 'none' : `${r.report.ci.replicates}/${r.report.ci.seed}`)),
      ),
    ];
    const ci = rounds[0]!.report.ci;
    paragraphs.push(
      `Inter-coder reliability was assessed in ${plural(rounds.length, 'round')} of independent coding. ` +
        'In each round, two or more coders coded the same sample of documents with the codebook as it stood when the round started; ' +
        'agreement was computed over the round’s documents and coders only and frozen when the round closed (Table 1).',
    );
    paragraphs.push(
      `The unit of analysis was ${units.length === 1 ? units[0]! : 'stated per round (Table 1)'}. ` +
        'We report Cohen’s κ (Cohen, 1960) pooled across codes (De Vries et al., 2008), Krippendorff’s α for nominal data (Krippendorff, 2004), ' +
        'Gwet’s AC1 (Gwet, 2008), which does not collapse when a code is rare, and percent agreement (the share of coder pairs making the same decision, averaged over units). ' +
        (cis.length === 1 && ci !== null
          ? `95% confidence intervals are percentile bootstrap intervals over units (${ci.replicates} replicates, seed ${ci.seed}; Efron & Tibshirani, 1993).`
          : cis.length === 1
            ? 'No confidence intervals were computed.'
            : '95% confidence intervals are percentile bootstrap intervals over units (Efron & Tibshirani, 1993) where Table 1 gives them.'),
    );
    if (target !== null) {
      const band = bandOf(target.measure, target.value);
      paragraphs.push(
        `The team set its target at ${MEASURE_NAMES[target.measure]} ≥ ${formatCoefficient(target.value)} for every code ` +
          `(“${band.label}” in the bands of ${band.source}).`,
      );
    }
    rounds.forEach((r, i) => paragraphs.push(roundSentence(input, r, i)));
    const settled = rounds.reduce((n, r) => n + r.adjudicated.regions, 0);
    paragraphs.push(
      settled === 0
        ? 'Disagreements were discussed by the team; none was recorded as adjudicated into a consensus layer.'
        : `Disagreements were discussed and settled by a reviewer, who adjudicated ${plural(settled, 'region')} of the rounds’ documents into a separate consensus layer (Table 1).`,
    );
  }
  if (input.openRound !== null)
    paragraphs.push(
      `Round “${input.openRound}” is still open; its figures are not frozen and are not reported here.`,
    );

  const notes = [
    `Documents double-coded: completed by at least two coders, with their share of the ${plural(input.documentsInProject, 'document')} in the project.`,
    'Pooled κ: Cohen’s κ pooled across codes (De Vries et al., 2008); α: Krippendorff’s α, nominal, over unit–code items; AC1: Gwet’s AC1; agreement: mean pairwise percent agreement; n: unit–code items rated by at least two coders.',
    target === null
      ? 'No agreement target was set.'
      : `Codes below target: codes whose ${MEASURE_NAMES[target.measure]} was below ${formatCoefficient(target.value)} (Cohen’s κ is averaged over coder pairs when there are more than two coders; Light, 1971).`,
  ];
  const references = [
    'Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement, 20(1), 37–46.',
    'De Vries, H., Elliott, M. N., Kanouse, D. E., & Teleki, S. S. (2008). Using pooled kappa to summarize interrater agreement across many items. Field Methods, 20(3), 272–282.',
    'Efron, B., & Tibshirani, R. J. (1993). An introduction to the bootstrap. Chapman & Hall.',
    'Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence of high agreement. British Journal of Mathematical and Statistical Psychology, 61(1), 29–48.',
    'Krippendorff, K. (2004). Content analysis: An introduction to its methodology (2nd ed.). Sage.',
  ];
  if (target?.measure === 'fleissKappa')
    references.push(
      'Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin, 76(5), 378–382.',
    );
  if (target !== null && target.measure !== 'krippendorffAlpha')
    references.push(
      'Landis, J. R., & Koch, G. G. (1977). The measurement of observer agreement for categorical data. Biometrics, 33(1), 159–174.',
    );
  if (target?.measure === 'cohenKappa')
    references.push(
      'Light, R. J. (1971). Measures of response agreement for qualitative data: Some generalizations and alternatives. Psychological Bulletin, 76(5), 365–377.',
    );
  references.sort();

  return {
    title: `Reliability of the coding: ${input.projectName}`,
    paragraphs,
    table: {
      caption: 'Table 1. Inter-coder agreement by round',
      header: [...METHODS_COLUMNS],
      rows: rounds.map((r) => row(input, r)),
      notes,
    },
    references,
  };
}
