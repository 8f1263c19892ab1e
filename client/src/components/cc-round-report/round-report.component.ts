import { LitElement, html, nothing } from 'lit';
import type { CodeRow, ReportView } from '../../api/agreementSchemas.ts';
import {
  alphaBand,
  formatCoefficient,
  formatInterval,
  formatPercent,
  headlineAC1,
  headlineKappa,
  kappaBand,
  paradoxNote,
  reasonFor,
} from '../../model/agreementView.ts';
import { dashboardNotes } from '../../model/agreementNotes.ts';
import { intraCoderRows, type IntraCoderRow } from '../../model/recode.ts';
import { frozenNote } from '../../model/rounds.ts';
import styles from './round-report.styles.ts';

/**
 * One round's agreement, written as the dashboard writes it (the same figures, formats and bands):
 * headline figures, then κ, AC1 and α per code with the κ paradox explained where it occurs. A
 * closed round's figures are frozen and the component says so with the date. A recode round adds
 * each coder's agreement with their own earlier coding (intra-coder agreement). The report's notes
 * are the dashboard's, in plain words (model/agreementNotes.ts), and headline figures carry their
 * bootstrap intervals when the report has them.
 */
export class CcRoundReport extends LitElement {
  static override styles = styles;
  static override properties = {
    report: { attribute: false },
    closedAt: { attribute: false },
    intraCoder: { attribute: false },
    names: { attribute: false },
  };
  /** The round's report (`agreement.report` of `GET …/rounds/:roundId`). */
  declare report: ReportView | null;
  /** When the round closed (ISO time), or null while it is open and its figures are live. */
  declare closedAt: string | null;
  /** A recode round's `agreement.intraCoder` (per coder id), or null for other rounds. */
  declare intraCoder: Readonly<Record<string, { recodeLayer: string; report: ReportView }>> | null;
  /** Members' names by user id, for the intra-coder rows. */
  declare names: ReadonlyMap<string, string>;

  constructor() {
    super();
    this.report = null;
    this.closedAt = null;
    this.intraCoder = null;
    this.names = new Map();
  }

  override render() {
    const report = this.report;
    if (!report) return nothing;
    const o = report.overall;
    const notes = dashboardNotes({ caveats: report.caveats, warnings: report.warnings }, 0);
    const figure = (
      label: string,
      value: string,
      band: string,
      testid: string,
      ci?: { lower: number | null; upper: number | null },
    ) =>
      html`<div class="figure">
        <div class="label">${label}</div>
        <div class="value" data-testid=${testid}>${value}</div>
        ${formatInterval(ci) ? html`<div class="ci" data-testid="${testid}-ci">95% CI ${formatInterval(ci)}</div>` : nothing}
        <div class="band">${band}</div>
      </div>`;
    return html`
      <p class="note" role="note" data-testid="report-state">
        ${
          this.closedAt
            ? frozenNote(this.closedAt)
            : 'Live: these figures change as the round’s coders code and mark documents done.'
        }
      </p>
      <p class="muted unit">${report.unitDescription}</p>
      <div class="figures">
        ${figure('Pooled κ', formatCoefficient(o.pooledKappa), kappaBand(o.pooledKappa), 'round-kappa', o.ci?.pooledKappa)}
        ${figure("Krippendorff's α", formatCoefficient(o.krippendorffAlpha), alphaBand(o.krippendorffAlpha), 'round-alpha', o.ci?.krippendorffAlpha)}
        ${figure("Gwet's AC1", formatCoefficient(o.gwetAC1), kappaBand(o.gwetAC1), 'round-ac1', o.ci?.gwetAC1)}
        ${figure('% agreement', formatPercent(o.percentAgreement), `${o.items} unit × code items`, 'round-percent')}
        ${figure(
          'Documents',
          `${report.documentsPairable} / ${report.documentCount}`,
          `coded and marked done by ≥ 2 of ${report.coders.length} coders`,
          'round-documents',
        )}
      </div>
      <div class="scroll">
        <table data-testid="round-codes">
          <caption class="visually-hidden">
            Agreement per code
          </caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col" class="num">n</th>
              <th scope="col" class="num">% agr.</th>
              <th scope="col" class="num">${report.pairs.length === 1 ? "Cohen's κ" : "Fleiss' κ"}</th>
              <th scope="col" class="num">AC1</th>
              <th scope="col" class="num">α</th>
              <th scope="col">Band (κ)</th>
            </tr>
          </thead>
          <tbody>
            ${report.codes.map((row) => this.codeRow(row, report.pairs))}
          </tbody>
        </table>
      </div>
      ${
        notes.length > 0
          ? html`<ul class="notes" data-testid="round-notes">
              ${notes.map((n) => html`<li>${n}</li>`)}
            </ul>`
          : nothing
      }
      ${this.intraCoder ? this.renderIntraCoder(intraCoderRows(this.intraCoder, (id) => this.names.get(id) ?? id)) : nothing}
    `;
  }

  /** Each coder against themselves: their first coding and their recode as two raters. */
  private renderIntraCoder(rows: readonly IntraCoderRow[]) {
    return html`<section class="intra" aria-labelledby="intra-title" data-testid="intra-coder">
      <h4 id="intra-title">Intra-coder agreement</h4>
      <p class="note" role="note" data-testid="intra-state">
        ${
          this.closedAt
            ? frozenNote(this.closedAt)
            : 'Live: these figures change as the coders recode and mark documents done.'
        }
      </p>
      <p class="muted unit">
        Each coder’s earlier coding against their recoding of the round’s documents, counting documents both
        are marked done in.
      </p>
      <div class="scroll">
        <table data-testid="intra-coder-table">
          <caption class="visually-hidden">
            Intra-coder agreement per coder
          </caption>
          <thead>
            <tr>
              <th scope="col">Coder</th>
              <th scope="col" class="num">Documents</th>
              <th scope="col" class="num">% agr.</th>
              <th scope="col" class="num">Cohen's κ</th>
              <th scope="col" class="num">AC1</th>
              <th scope="col" class="num">α</th>
              <th scope="col">Band (κ)</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr data-coder=${r.coderId}>
                  <th scope="row">${r.name}</th>
                  <td class="num" data-testid="intra-documents">
                    ${r.documentsPairable} / ${r.documentCount}
                  </td>
                  <td class="num" data-testid="intra-percent">${formatPercent(r.percentAgreement)}</td>
                  <td class="num" data-testid="intra-kappa" title=${r.kappaReason ?? ''}>
                    ${formatCoefficient(r.kappa)}
                  </td>
                  <td class="num" data-testid="intra-ac1">${formatCoefficient(r.gwetAC1)}</td>
                  <td class="num" data-testid="intra-alpha">${formatCoefficient(r.krippendorffAlpha)}</td>
                  <td>${r.kappa === null ? html`<span class="muted">n/a</span>` : kappaBand(r.kappa)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private codeRow(row: CodeRow, pairs: readonly string[]) {
    const kappa = headlineKappa(row, pairs);
    const kappaReason = reasonFor(row, pairs.length === 1 ? 'cohensKappa' : 'fleissKappa', pairs[0]);
    const note = paradoxNote(row, pairs, (id) => this.names.get(id) ?? id);
    return html`<tr data-code=${row.code}>
        <td>${row.name}</td>
        <td class="num">${row.units}</td>
        <td class="num">${formatPercent(row.percentAgreement)}</td>
        <td class="num" title=${kappaReason}>${formatCoefficient(kappa)}</td>
        <td class="num">${formatCoefficient(headlineAC1(row, pairs))}</td>
        <td class="num">${formatCoefficient(row.krippendorffAlpha)}</td>
        <td>${kappa === null ? html`<span class="muted">n/a</span>` : kappaBand(kappa)}</td>
      </tr>
      ${
        note
          ? html`<tr class="paradox">
              <td colspan="7" role="note">${note}</td>
            </tr>`
          : nothing
      }`;
  }
}
