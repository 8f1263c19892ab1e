import {
  interpretAlpha,
  interpretKappa,
  type AgreementReport,
  type CiValue,
  type VariableReport,
} from '../../shared/agreement/index.ts';

/** Numbered footnotes for the reasons behind empty cells, so the table stays narrow. */
class Footnotes {
  readonly #reasons: string[] = [];

  mark(reason: string | undefined): string {
    const text = reason ?? 'undefined';
    let i = this.#reasons.indexOf(text);
    if (i < 0) {
      this.#reasons.push(text);
      i = this.#reasons.length - 1;
    }
    return `n/a[${i + 1}]`;
  }

  lines(): string[] {
    return this.#reasons.map((r, i) => `  [${i + 1}] ${r}`);
  }
}

const num = (x: number): string => x.toFixed(3);

function interval(ci: CiValue | undefined): string {
  if (!ci) return '';
  return ci.lower === null ? ' [CI n/a]' : ` [${num(ci.lower)}, ${num(ci.upper)}]`;
}

function cell(
  notes: Footnotes,
  value: number | null,
  reason: string | undefined,
  band?: (x: number) => string,
  ci?: CiValue,
): string {
  if (value === null) return notes.mark(reason);
  return `${num(value)}${band ? ` ${band(value)}` : ''}${interval(ci)}`;
}

function percent(notes: Footnotes, value: number | null, reason: string | undefined, ci?: CiValue): string {
  if (value === null) return notes.mark(reason);
  const ciText = ci
    ? ci.lower === null
      ? ' [CI n/a]'
      : ` [${(100 * ci.lower).toFixed(1)}, ${(100 * ci.upper).toFixed(1)}]`
    : '';
  return `${(100 * value).toFixed(1)}%${ciText}`;
}

const alphaBand = (x: number): string => interpretAlpha(x).label;
const kappaBand = (x: number): string => interpretKappa(x).label;

/** Left-aligns the first column and right-aligns the rest. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Pairs shown as their own columns; beyond this, kappas move to a separate table. */
const INLINE_PAIRS = 6;

function variableCells(
  notes: Footnotes,
  v: VariableReport,
  pairs: readonly string[],
  inline: boolean,
): string[] {
  return [
    String(v.units),
    percent(notes, v.percentAgreement, v.percentAgreementReason, v.ci?.percentAgreement),
    ...(inline
      ? pairs.map((p) =>
          cell(notes, v.cohensKappa[p] ?? null, v.cohensKappaReason?.[p], undefined, v.ci?.cohensKappa[p]),
        )
      : []),
    cell(notes, v.fleissKappa, v.fleissKappaReason, kappaBand, v.ci?.fleissKappa),
    cell(notes, v.gwetAC1, v.gwetAC1Reason, undefined, v.ci?.gwetAC1),
    cell(notes, v.krippendorffAlpha, v.krippendorffAlphaReason, alphaBand, v.ci?.krippendorffAlpha),
  ];
}

/** The report as readable text: per code, per exclusive group, overall, then notes. */
export function formatReport(report: AgreementReport): string {
  const notes = new Footnotes();
  const out: string[] = [];
  const inline = report.pairs.length <= INLINE_PAIRS;
  out.push(`Inter-rater agreement. Unit of analysis: ${report.unitDescription}.`);
  out.push(
    `${report.coders.length} coders (${report.coders.join(', ')}); ${report.documentCount} documents, ` +
      `${report.documentsPairable} completed by two or more coders, ${report.documentsUnitized} by all.`,
  );
  if (report.ci) {
    out.push(
      `Brackets: ${Math.round(report.ci.level * 100)}% bootstrap intervals (${report.ci.replicates} replicates over ${report.ci.resample}, seed ${report.ci.seed}).`,
    );
  }
  out.push('');
  const pairHeaders = inline ? report.pairs.map((p) => `κ ${p}`) : [];
  out.push(
    ...table(
      ['code', 'units', '% agree', ...pairHeaders, 'Fleiss κ', 'Gwet AC1', 'Krippendorff α', 'α_u'],
      report.codes.map((c) => [
        c.name,
        ...variableCells(notes, c, report.pairs, inline),
        cell(notes, c.alphaU, c.alphaUReason, alphaBand),
      ]),
    ),
  );
  if (!inline) {
    out.push('', "Cohen's κ per coder pair");
    out.push(
      ...table(
        ['code', ...report.pairs],
        report.codes.map((c) => [
          c.name,
          ...report.pairs.map((p) => cell(notes, c.cohensKappa[p] ?? null, c.cohensKappaReason?.[p])),
        ]),
      ),
    );
  }
  if (report.groups.length > 0) {
    out.push('', 'Exclusive code groups (one category per unit and coder; "(none)" is a category)');
    out.push(
      ...table(
        ['group', 'units', '% agree', ...pairHeaders, 'Fleiss κ', 'Gwet AC1', 'Krippendorff α', 'uα', 'cuα'],
        report.groups.map((g) => [
          g.name,
          ...variableCells(notes, g, report.pairs, inline),
          cell(notes, g.uAlpha, g.uAlphaReason, alphaBand),
          cell(notes, g.cuAlpha, g.cuAlphaReason, alphaBand),
        ]),
      ),
    );
  }
  const o = report.overall;
  out.push('', 'Overall');
  out.push(
    ...table(
      ['measure', 'value'],
      [
        [
          'pooled κ (De Vries et al. 2008)',
          cell(notes, o.pooledKappa, o.pooledKappaReason, kappaBand, o.ci?.pooledKappa),
        ],
        ['average of per-code κ', cell(notes, o.averageKappa, o.averageKappaReason, kappaBand)],
        [
          'Krippendorff α, all (unit, code) items',
          cell(notes, o.krippendorffAlpha, o.krippendorffAlphaReason, alphaBand, o.ci?.krippendorffAlpha),
        ],
        [
          'Gwet AC1, all (unit, code) items',
          cell(notes, o.gwetAC1, o.gwetAC1Reason, undefined, o.ci?.gwetAC1),
        ],
        ["Holsti's CR, (segment, code) decisions", cell(notes, o.holsti, o.holstiReason)],
        [
          '% agreement, all items',
          percent(notes, o.percentAgreement, o.percentAgreementReason, o.ci?.percentAgreement),
        ],
        ['α_u (1995), all codes', cell(notes, o.alphaU, o.alphaUReason, alphaBand)],
        [
          'uα / |uα / cuα (2016)',
          [o.uAlpha, o.uAlphaBinary, o.cuAlpha].every((x) => x === null)
            ? notes.mark(o.uAlphaReason)
            : [
                cell(notes, o.uAlpha, o.uAlphaReason),
                cell(notes, o.uAlphaBinary, o.uAlphaBinaryReason),
                cell(notes, o.cuAlpha, o.cuAlphaReason),
              ].join(' / '),
        ],
      ],
    ),
  );
  out.push(
    '',
    'Bands: Krippendorff α (2004): ≥ .800 reliable, ≥ .667 tentative, below: unreliable (Krippendorff: do not rely on the data).',
    'Landis & Koch κ (1977): < 0 poor, ≤ .20 slight, ≤ .40 fair, ≤ .60 moderate, ≤ .80 substantial, above: almost perfect.',
  );
  const flagged = report.codes.filter((c) => c.paradox && c.paradoxExplanation);
  if (flagged.length > 0) {
    out.push(
      '',
      'High agreement but low κ:',
      ...flagged.map((c) => `  - ${c.name}: ${c.paradoxExplanation ?? ''}`),
    );
  }
  const footnotes = notes.lines();
  if (footnotes.length > 0) out.push('', 'Not available:', ...footnotes);
  out.push('', 'Notes:', ...report.caveats.map((c) => `  - ${c}`));
  if (report.warnings.length > 0) out.push('', 'Warnings:', ...report.warnings.map((w) => `  - ${w}`));
  return `${out.join('\n')}\n`;
}
