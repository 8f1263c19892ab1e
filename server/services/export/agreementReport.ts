/**
 * The agreement report as files to keep and print: JSON (everything), CSV (one row per figure,
 * tidy) and a self-contained HTML page (heatmap of κ/α per code and coder pair, per-code table).
 * Each states the unit of analysis, the measures, n, the 95% intervals, and when and on which
 * state (the log positions of every room read) it was computed.
 */
import type { AgreementReport, CiValue } from '../../../shared/agreement/index.ts';
import { interpretAlpha, interpretKappa } from '../../../shared/agreement/index.ts';
import type { AgreementQuery } from '../../../shared/schemas.ts';
import { toCsv } from './csv.ts';
import { escapeHtml } from './quotes.ts';

/** A computed report with everything needed to show it to people. */
export interface AgreementExport {
  project: { id: string; name: string };
  computedAt: string;
  /** Log sequence numbers of every room the report read, per document: the exact state. */
  state: Record<string, { text: number; layers: Record<string, number> }>;
  /** A short digest of `state`, to see at a glance whether two reports describe the same state. */
  stateFingerprint: string;
  query: AgreementQuery;
  orphanedCodings: number;
  unknownCodeCodings: number;
  /** Display names of coders (and of `consensus`), by id. */
  coderNames: Record<string, string>;
  /** "Theme › Code" by code id. */
  codePaths: Record<string, string>;
  documentTitles: Record<string, string>;
  report: AgreementReport;
  againstConsensus: AgreementReport | null;
  /** Only aggregate figures (a coder in a blind round). */
  aggregateOnly: boolean;
}

/** One figure of the report. */
export interface FigureRow {
  /** `coders`, or `consensus` for the report with the consensus layer as one more coder. */
  reference: 'coders' | 'consensus';
  scope: 'overall' | 'code' | 'group' | 'document';
  id: string;
  name: string;
  /** Coder pair key (`a|b`) for pairwise figures, else ''. */
  pair: string;
  measure: string;
  value: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  n: number | null;
  nOf: string;
  /** Why the value is null. */
  reason: string;
}

/** Measure keys and how people read them. */
export const MEASURES: Record<string, { label: string; definition: string }> = {
  percentAgreement: { label: 'Percent agreement', definition: 'mean share of agreeing coder pairs per unit' },
  percentAgreementPairable: {
    label: 'Percent agreement (pairable)',
    definition: 'share of pairable values matched by an equal value (Krippendorff 2011)',
  },
  cohensKappa: { label: "Cohen's κ", definition: 'Cohen (1960), per coder pair' },
  fleissKappa: { label: "Fleiss' κ", definition: 'Fleiss (1971), on units rated by every coder' },
  krippendorffAlpha: { label: "Krippendorff's α", definition: 'nominal α, missing data allowed' },
  brennanPrediger: { label: 'Brennan–Prediger κ', definition: 'chance-free κ with declared categories' },
  congerKappa: { label: "Conger's κ", definition: 'Conger (1980), each coder with their own marginals' },
  lightKappa: { label: "Light's κ", definition: "mean of Cohen's κ over all pairs (Light 1971)" },
  positiveAgreement: { label: 'Positive agreement', definition: 'specific agreement on presence' },
  negativeAgreement: { label: 'Negative agreement', definition: 'specific agreement on absence' },
  alphaU: { label: 'α_u', definition: "Krippendorff's unitizing α (1995), boundaries included" },
  uAlpha: { label: 'uα', definition: 'unitizing α family (Krippendorff 2016/2019)' },
  uAlphaBinary: { label: '|uα', definition: 'binary unitizing α (Krippendorff 2016/2019)' },
  cuAlpha: { label: 'cuα', definition: 'coding-within-units α (Krippendorff 2016/2019)' },
  pooledKappa: { label: 'Pooled κ', definition: 'De Vries et al. (2008), pooled over codes (and pairs)' },
  pooledKappaByPair: { label: 'Pooled κ (pair)', definition: 'pooled κ of one coder pair' },
  averageKappa: { label: 'Average κ', definition: "mean of the per-code Cohen's κ (not the pooled κ)" },
  averageKappaByPair: { label: 'Average κ (pair)', definition: 'mean per-code κ of one coder pair' },
  gwetAC1: {
    label: "Gwet's AC1",
    definition: 'Gwet (2008, 2014), chance from mean category shares; stable when a code is rare',
  },
  gwetAC1ByPair: { label: "Gwet's AC1 (pair)", definition: "Gwet's AC1 of one coder pair" },
  holsti: {
    label: "Holsti's CR",
    definition: 'Holsti (1969): 2M/(N₁ + N₂) over (segment, code) decisions, all pairs pooled',
  },
  holstiByPair: { label: "Holsti's CR (pair)", definition: "Holsti's CR of one coder pair" },
  prevalenceIndex: {
    label: 'Prevalence index',
    definition: 'Byrt, Bishop & Carlin (1993): (both present − both absent)/n',
  },
  biasIndex: {
    label: 'Bias index',
    definition: 'Byrt, Bishop & Carlin (1993): (first only − second only)/n',
  },
};

type Source = Record<string, unknown>;

function read(source: Source, key: string, pair?: string): { value: number | null; reason: string } {
  const raw = pair === undefined ? source[key] : (source[key] as Record<string, unknown> | undefined)?.[pair];
  const value = typeof raw === 'number' ? raw : null;
  const reasons = source[`${key}Reason`];
  const reason =
    pair === undefined
      ? typeof reasons === 'string'
        ? reasons
        : ''
      : String((reasons as Record<string, unknown> | undefined)?.[pair] ?? '');
  return { value, reason: value === null ? reason : '' };
}

function ci(value: CiValue | undefined): { ciLower: number | null; ciUpper: number | null } {
  return value && value.lower !== null
    ? { ciLower: value.lower, ciUpper: value.upper }
    : { ciLower: null, ciUpper: null };
}

/** Every figure of a report as rows (pairwise ones once per pair). */
export function figureRows(
  report: AgreementReport,
  reference: FigureRow['reference'],
  names: { code: (id: string) => string; document: (id: string) => string },
): FigureRow[] {
  const rows: FigureRow[] = [];
  const add = (
    base: Pick<FigureRow, 'scope' | 'id' | 'name'>,
    source: Source,
    measure: string,
    n: number | null,
    nOf: string,
    interval?: CiValue,
    pair?: string,
  ) => {
    const { value, reason } = read(source, measure, pair);
    rows.push({ reference, ...base, pair: pair ?? '', measure, value, ...ci(interval), n, nOf, reason });
  };
  /** A figure of one coder pair's own report (`code.pairs[pair]`), in that pair's row. */
  const addOfPair = (
    base: Pick<FigureRow, 'scope' | 'id' | 'name'>,
    source: Source | undefined,
    measure: string,
    n: number | null,
    pair: string,
  ) => {
    const { value, reason } = read(source ?? {}, measure);
    rows.push({
      reference,
      ...base,
      pair,
      measure,
      value,
      ciLower: null,
      ciUpper: null,
      n,
      nOf: 'units both coders rated',
      reason,
    });
  };
  const UNITS = 'units rated by at least two coders';
  const COMPLETE = 'units rated by every coder';
  const DOCS = 'documents completed by every coder';

  const overall = report.overall as unknown as Source;
  const base = { scope: 'overall' as const, id: '', name: 'All codes' };
  const items = report.overall.items;
  add(base, overall, 'pooledKappa', items, '(unit, code) items', report.overall.ci?.pooledKappa);
  for (const pair of report.pairs)
    add(base, overall, 'pooledKappaByPair', items, '(unit, code) items', undefined, pair);
  add(base, overall, 'averageKappa', report.overall.averageKappaTerms, 'per-code κ averaged');
  for (const pair of report.pairs) add(base, overall, 'averageKappaByPair', null, '', undefined, pair);
  add(base, overall, 'krippendorffAlpha', items, '(unit, code) items', report.overall.ci?.krippendorffAlpha);
  add(base, overall, 'fleissKappa', items, '(unit, code) items');
  add(base, overall, 'percentAgreement', items, '(unit, code) items', report.overall.ci?.percentAgreement);
  add(base, overall, 'brennanPrediger', items, '(unit, code) items');
  add(base, overall, 'gwetAC1', items, '(unit, code) items', report.overall.ci?.gwetAC1);
  for (const pair of report.pairs)
    add(base, overall, 'gwetAC1ByPair', items, '(unit, code) items', undefined, pair);
  add(base, overall, 'holsti', null, '(segment, code) decisions');
  for (const pair of report.pairs)
    add(base, overall, 'holstiByPair', null, '(segment, code) decisions', undefined, pair);
  for (const m of ['alphaU', 'uAlpha', 'uAlphaBinary', 'cuAlpha'])
    add(base, overall, m, report.documentsUnitized, DOCS);

  for (const code of report.codes) {
    const source = code as unknown as Source;
    const b = { scope: 'code' as const, id: code.code, name: names.code(code.code) || code.name };
    add(b, source, 'percentAgreement', code.units, UNITS, code.ci?.percentAgreement);
    add(b, source, 'percentAgreementPairable', code.units, UNITS);
    for (const pair of report.pairs) {
      add(
        b,
        source,
        'cohensKappa',
        code.pairs[pair]?.n ?? null,
        'units both coders rated',
        code.ci?.cohensKappa[pair],
        pair,
      );
    }
    add(b, source, 'fleissKappa', code.unitsComplete, COMPLETE, code.ci?.fleissKappa);
    add(b, source, 'krippendorffAlpha', code.units, UNITS, code.ci?.krippendorffAlpha);
    add(b, source, 'gwetAC1', code.units, UNITS, code.ci?.gwetAC1);
    for (const pair of report.pairs) {
      const own = code.pairs[pair];
      add(
        b,
        source,
        'gwetAC1ByPair',
        own?.n ?? null,
        'units both coders rated',
        code.ci?.gwetAC1ByPair[pair],
        pair,
      );
      for (const m of ['holsti', 'prevalenceIndex', 'biasIndex'])
        addOfPair(b, own as unknown as Source | undefined, m, own?.n ?? null, pair);
    }
    add(b, source, 'brennanPrediger', code.units, UNITS);
    add(b, source, 'congerKappa', code.unitsComplete, COMPLETE);
    add(b, source, 'lightKappa', code.unitsComplete, COMPLETE);
    add(b, source, 'positiveAgreement', code.units, UNITS);
    add(b, source, 'negativeAgreement', code.units, UNITS);
    add(b, source, 'alphaU', report.documentsUnitized, DOCS);
  }
  for (const group of report.groups) {
    const source = group as unknown as Source;
    const b = { scope: 'group' as const, id: group.group, name: group.name };
    add(b, source, 'percentAgreement', group.units, UNITS, group.ci?.percentAgreement);
    for (const pair of report.pairs)
      add(b, source, 'cohensKappa', null, '', group.ci?.cohensKappa[pair], pair);
    add(b, source, 'fleissKappa', group.unitsComplete, COMPLETE, group.ci?.fleissKappa);
    add(b, source, 'krippendorffAlpha', group.units, UNITS, group.ci?.krippendorffAlpha);
    add(b, source, 'gwetAC1', group.units, UNITS, group.ci?.gwetAC1);
    for (const pair of report.pairs)
      add(b, source, 'gwetAC1ByPair', null, '', group.ci?.gwetAC1ByPair[pair], pair);
    for (const m of ['uAlpha', 'uAlphaBinary', 'cuAlpha']) add(b, source, m, report.documentsUnitized, DOCS);
  }
  for (const document of report.documents ?? []) {
    const source = document as unknown as Source;
    const b = { scope: 'document' as const, id: document.document, name: names.document(document.document) };
    for (const m of ['percentAgreement', 'krippendorffAlpha', 'pooledKappa'])
      add(b, source, m, document.units, 'units');
    add(b, source, 'alphaU', null, '');
  }
  return rows;
}

function rowsOf(x: AgreementExport): FigureRow[] {
  const names = {
    code: (id: string) => x.codePaths[id] ?? '',
    document: (id: string) => x.documentTitles[id] ?? id,
  };
  return [
    ...figureRows(x.report, 'coders', names),
    ...(x.againstConsensus ? figureRows(x.againstConsensus, 'consensus', names) : []),
  ];
}

const overlapText = (overlap: AgreementReport['overlap']) => (overlap === null ? '' : String(overlap));

/** The report as one CSV row per figure; every row repeats what the figures were computed on. */
export function agreementCsv(x: AgreementExport): string {
  const pairName = (pair: string) =>
    pair === ''
      ? ''
      : pair
          .split('|')
          .map((c) => x.coderNames[c] ?? c)
          .join(' × ');
  const header = [
    'reference',
    'scope',
    'id',
    'name',
    'coder_pair',
    'coder_pair_names',
    'measure',
    'value',
    'ci_lower',
    'ci_upper',
    'n',
    'n_of',
    'reason',
    'unit',
    'segmentation',
    'overlap',
    'ci_replicates',
    'ci_seed',
    'computed_at',
    'state',
    'orphaned_codings',
    'unknown_code_codings',
  ];
  const r = x.report;
  const rows = rowsOf(x).map((row) => [
    row.reference,
    row.scope,
    row.id,
    row.name,
    row.pair,
    pairName(row.pair),
    row.measure,
    row.value,
    row.ciLower,
    row.ciUpper,
    row.n,
    row.nOf,
    row.reason,
    r.unit,
    r.segmentation ?? '',
    overlapText(r.overlap),
    r.ci?.replicates ?? null,
    r.ci?.seed ?? null,
    x.computedAt,
    x.stateFingerprint,
    x.orphanedCodings,
    x.unknownCodeCodings,
  ]);
  return toCsv(header, rows);
}

/** The report as JSON: the engine's report(s) plus names and what state they describe. */
export function agreementJson(x: AgreementExport): string {
  return `${JSON.stringify({ format: 'concord-agreement-report', version: 1, ...x }, null, 2)}\n`;
}

const fixed = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));

/** Background of a heatmap cell: red at or below 0, through yellow, to green at 1. */
export function heatColor(value: number | null): string {
  if (value === null) return '#eeeeee';
  const v = Math.max(-1, Math.min(1, value));
  const hue = v <= 0 ? 0 : Math.round(v * 120);
  const lightness = Math.round(90 - Math.abs(v) * 30);
  return `hsl(${hue}, 70%, ${lightness}%)`;
}

function figureCell(row: FigureRow | undefined, band?: (v: number) => string): string {
  if (!row) return '<td class="na">—</td>';
  const interval = row.ciLower !== null ? ` [${fixed(row.ciLower)}, ${fixed(row.ciUpper)}]` : '';
  const title =
    row.value === null
      ? row.reason
      : `n = ${row.n ?? '?'} ${row.nOf}${interval ? `; 95% CI${interval}` : ''}`;
  const label = row.value !== null && band ? ` <span class="band">${escapeHtml(band(row.value))}</span>` : '';
  return `<td style="background:${heatColor(row.value)}" title="${escapeHtml(title)}">${fixed(row.value)}${
    interval ? `<span class="ci">${interval}</span>` : ''
  }${label}</td>`;
}

function heatmap(x: AgreementExport, report: AgreementReport, reference: FigureRow['reference']): string {
  const rows = rowsOf(x).filter((r) => r.reference === reference && r.scope === 'code');
  const find = (id: string, measure: string, pair = '') =>
    rows.find((r) => r.id === id && r.measure === measure && r.pair === pair);
  const pairs = x.aggregateOnly ? [] : report.pairs;
  const pairLabel = (pair: string) =>
    pair
      .split('|')
      .map((c) => escapeHtml(x.coderNames[c] ?? c))
      .join(' × ');
  const head = [
    ...pairs.map((p) => `<th scope="col">Cohen's κ<br>${pairLabel(p)}</th>`),
    '<th scope="col">Fleiss\' κ</th>',
    '<th scope="col">Krippendorff\'s α</th>',
    '<th scope="col">α_u</th>',
  ].join('');
  const body = report.codes
    .map((code) => {
      const cells = [
        ...pairs.map((p) => figureCell(find(code.code, 'cohensKappa', p), (v) => interpretKappa(v).label)),
        figureCell(find(code.code, 'fleissKappa'), (v) => interpretKappa(v).label),
        figureCell(find(code.code, 'krippendorffAlpha'), (v) => interpretAlpha(v).label),
        figureCell(find(code.code, 'alphaU')),
      ].join('');
      return `<tr><th scope="row">${escapeHtml(x.codePaths[code.code] ?? code.name)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="heat"><thead><tr><th scope="col">Code</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function codeTable(x: AgreementExport, report: AgreementReport, reference: FigureRow['reference']): string {
  const rows = rowsOf(x).filter((r) => r.reference === reference && r.scope === 'code');
  const value = (id: string, measure: string) =>
    rows.find((r) => r.id === id && r.measure === measure && r.pair === '');
  const text = (row: FigureRow | undefined) => {
    if (!row) return '—';
    if (row.value === null) return `<abbr title="${escapeHtml(row.reason)}">n/a</abbr>`;
    const interval =
      row.ciLower !== null ? ` <span class="ci">[${fixed(row.ciLower)}, ${fixed(row.ciUpper)}]</span>` : '';
    return `${fixed(row.value)}${interval}`;
  };
  const body = report.codes
    .map(
      (code) =>
        `<tr><th scope="row">${escapeHtml(x.codePaths[code.code] ?? code.name)}</th><td>${code.units}</td><td>${code.unitsComplete}</td>` +
        [
          'percentAgreement',
          'fleissKappa',
          'gwetAC1',
          'krippendorffAlpha',
          'alphaU',
          'positiveAgreement',
          'negativeAgreement',
        ]
          .map((m) => `<td>${text(value(code.code, m))}</td>`)
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `<table><thead><tr><th scope="col">Code</th><th scope="col">n (units)</th><th scope="col">n (all coders)</th><th scope="col">Percent agreement</th><th scope="col">Fleiss' κ</th><th scope="col">Gwet's AC1</th><th scope="col">Krippendorff's α</th><th scope="col">α_u</th><th scope="col">Positive agreement</th><th scope="col">Negative agreement</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function overallTable(x: AgreementExport, reference: FigureRow['reference']): string {
  const rows = rowsOf(x).filter((r) => r.reference === reference && r.scope === 'overall' && r.pair === '');
  const body = rows
    .map((row) => {
      const interval = row.ciLower !== null ? `[${fixed(row.ciLower)}, ${fixed(row.ciUpper)}]` : '';
      const value =
        row.value === null ? `<abbr title="${escapeHtml(row.reason)}">n/a</abbr>` : fixed(row.value);
      return `<tr><th scope="row">${escapeHtml(MEASURES[row.measure]?.label ?? row.measure)}</th><td>${value}</td><td>${interval}</td><td>${row.n ?? ''} ${escapeHtml(row.nOf)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">95% CI</th><th scope="col">n</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The codes where κ is low despite high agreement, each with the report's explanation. */
function paradoxNotes(x: AgreementExport, report: AgreementReport): string {
  const flagged = report.codes.filter((c) => c.paradox && c.paradoxExplanation);
  if (flagged.length === 0) return '';
  const items = flagged
    .map(
      (c) =>
        `<li><strong>${escapeHtml(x.codePaths[c.code] ?? c.name)}</strong>: ${escapeHtml(c.paradoxExplanation ?? '')}</li>`,
    )
    .join('\n');
  return `<h3>High agreement but low κ</h3><ul class="paradox">\n${items}\n</ul>`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An ISO time as researchers read it, in UTC: "29 November 2026, 18:32 UTC"; else as given. */
export function readableTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()}, ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
}

/**
 * Where the figures come from, in words (HTML): the time, and the stored-history reference that
 * lets them be computed again. The machine fields (`computedAt`, `stateFingerprint`, the log
 * positions) stay as they are in JSON and CSV.
 */
export function provenanceHtml(computedAt: string, fingerprint: string): string {
  return `Computed on the project as it was at ${escapeHtml(readableTime(computedAt))}; reproducible from the stored history (reference <code>${escapeHtml(fingerprint)}</code>, details at the end)`;
}

/** The report as a self-contained page to read, print or attach to a paper's supplement. */
export function agreementHtml(x: AgreementExport): string {
  const r = x.report;
  const coders = r.coders.map((c) => escapeHtml(x.coderNames[c] ?? c)).join(', ');
  const ciText = r.ci
    ? `percentile bootstrap, ${r.ci.replicates} replicates, seed ${r.ci.seed}, resampling ${escapeHtml(r.ci.resample)}, ${Math.round(r.ci.level * 100)}% level`
    : 'none computed (ci=0)';
  const stateRows = Object.entries(x.state)
    .map(
      ([doc, s]) =>
        `<tr><td>${escapeHtml(x.documentTitles[doc] ?? doc)}</td><td>${s.text}</td><td>${Object.entries(
          s.layers,
        )
          .map(([coder, seq]) => `${escapeHtml(x.coderNames[coder] ?? coder)}: ${seq}`)
          .join('; ')}</td></tr>`,
    )
    .join('\n');
  const notes = [...r.caveats, ...r.warnings].map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  const definitions = Object.values(MEASURES)
    .map((m) => `<dt>${escapeHtml(m.label)}</dt><dd>${escapeHtml(m.definition)}</dd>`)
    .join('');
  const consensus = x.againstConsensus
    ? `<h2>Against consensus</h2><p>The same figures with the consensus layer as one more coder.</p>${overallTable(x, 'consensus')}${heatmap(x, x.againstConsensus, 'consensus')}`
    : '';
  const title = `Inter-rater agreement — ${x.project.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem; color: #111; font-size: 14px; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
  th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
  table.heat td { text-align: center; min-width: 5.5rem; }
  .ci { display: block; font-size: 0.75rem; color: #333; }
  .band { display: block; font-size: 0.7rem; color: #333; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
  dl.meta dt { font-weight: 600; }
  .legend span { display: inline-block; padding: 0.1rem 0.5rem; margin-right: 0.2rem; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print { body { margin: 0; font-size: 11px; } tr { break-inside: avoid; } h2 { break-after: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<dl class="meta">
<dt>Unit of analysis</dt><dd>${escapeHtml(r.unitDescription)} (unit: ${escapeHtml(r.unit)}${r.segmentation ? `, segments: ${escapeHtml(r.segmentation)}` : ''}${r.overlap !== null ? `, overlap: ${escapeHtml(overlapText(r.overlap))}` : ''})</dd>
<dt>Coders</dt><dd>${coders} (${r.pairs.length} pair${r.pairs.length === 1 ? '' : 's'})</dd>
<dt>Documents</dt><dd>${r.documentCount} (${r.documentsPairable} completed by at least two coders, ${r.documentsUnitized} by every coder)</dd>
<dt>Confidence intervals</dt><dd>${ciText}</dd>
<dt>Computed</dt><dd>${provenanceHtml(x.computedAt, x.stateFingerprint)}</dd>
<dt>Left out</dt><dd>${x.orphanedCodings} codings whose text was deleted; ${x.unknownCodeCodings} codings of codes not in the codebook</dd>
${x.aggregateOnly ? '<dt>View</dt><dd>aggregate figures only (blind round)</dd>' : ''}
</dl>
<h2>Overall</h2>
${overallTable(x, 'coders')}
<h2>Per code</h2>
<p class="legend">Cells: value, 95% CI, band (κ: Landis &amp; Koch 1977; α: Krippendorff 2004). Colour:
<span style="background:${heatColor(-0.2)}">≤ 0</span><span style="background:${heatColor(0.4)}">0.4</span><span style="background:${heatColor(0.667)}">0.667</span><span style="background:${heatColor(0.8)}">0.8</span><span style="background:${heatColor(1)}">1</span><span style="background:${heatColor(null)}">n/a</span></p>
${heatmap(x, r, 'coders')}
${codeTable(x, r, 'coders')}
${paradoxNotes(x, r)}
${consensus}
<h2>Notes</h2>
<ul>${notes || '<li>none</li>'}</ul>
<h2>Measures</h2>
<dl>${definitions}</dl>
<h2>Stored history read</h2>
<p>How far into each transcript's and each layer's stored history of edits this report read. The same
positions give the same codings, so the figures can be computed again from the project's history.</p>
<table><thead><tr><th scope="col">Document</th><th scope="col">Transcript</th><th scope="col">Layers</th></tr></thead><tbody>
${stateRows || '<tr><td colspan="3">not shown in this view</td></tr>'}
</tbody></table>
</body>
</html>
`;
}
