import { LitElement, html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { CodeRow, ReportView } from '../../api/agreementSchemas.ts';
import type { AppContext } from '../../context.ts';
import { AgreementController } from '../../controllers/AgreementController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
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
} from '../../model/agreementView.ts';
import { dashboardNotes, plainNote, unitInWords } from '../../model/agreementNotes.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import { ApiError } from '../../api/ApiClient.ts';
import { downloadFile } from '../../api/download.ts';
import { agreementReportPath, describeAgreementOptions, type AgreementOptions } from '../../model/exports.ts';
import styles from './agreement-dashboard.styles.ts';

type Unit = 'segment' | 'character' | 'unitizing';
type Segments = 'paragraph' | 'line' | 'sentence' | 'turn';

/** Bootstrap replicates when intervals are asked for: enough for a live view, cheap to recompute. */
const LIVE_REPLICATES = 200;

/**
 * The agreement dashboard, live: unit of analysis, per-code table (κ, α, % agreement, n, 95% CI,
 * band), a heat map of κ per code and coder pair (with each coder against the consensus when
 * there is one), and per-document figures linking to the documents.
 */
export class CcAgreementDashboard extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    unit: { state: true },
    segments: { state: true },
    intervals: { state: true },
    downloadMessage: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare unit: Unit;
  declare segments: Segments;
  declare intervals: boolean;
  /** What the last report download did, in words. */
  declare downloadMessage: string;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly live = new AgreementController(this, () => this.streamUrl());

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.unit = 'segment';
    this.segments = 'paragraph';
    this.intervals = false;
    this.downloadMessage = '';
  }

  /** Coders in a blind round get no agreement: nothing computed across layers reaches them. */
  private get agreementHidden(): boolean {
    return this.project.state?.permissions.seesAllLayers === false || this.live.state === 'hidden';
  }

  private streamUrl(): string | null {
    if (!this.context || !this.projectId) return null;
    // Opened again when the project's next reading shows the round open.
    if (this.project.state?.permissions.seesAllLayers === false) return null;
    const query = new URLSearchParams({
      unit: this.unit,
      ci: this.intervals ? String(LIVE_REPLICATES) : '0',
    });
    if (this.unit === 'segment') query.set('segments', this.segments);
    return `/api/projects/${this.projectId}/agreement/events?${query}`;
  }

  /** Documents the report names that the page did not know yet (added since it loaded). */
  private unknownDocumentsAsked = '';

  override updated(): void {
    const known = new Set(this.project.state?.documents.map((d) => d.id) ?? []);
    const unknown = (this.live.result?.report.documents ?? []).filter((d) => !known.has(d.document));
    const key = unknown.map((d) => d.document).join(',');
    if (this.project.state && unknown.length > 0 && key !== this.unknownDocumentsAsked) {
      this.unknownDocumentsAsked = key;
      void this.project.reload();
    }
  }

  private name = (id: string): string => {
    if (id === CONSENSUS) return 'Consensus';
    return this.project.state?.members.find((m) => m.userId === id)?.name ?? id;
  };

  override render() {
    const state = this.project.state;
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const result = this.live.result;
    return html`<div class="wrap">
      <div class="row">
        <div>
          ${state ? html`<a href="/projects/${state.project.id}">← ${state.project.name}</a>` : nothing}
          <h1>Agreement</h1>
        </div>
        <span class="spacer"></span>
        <span class="live" data-state=${this.live.state} role="status" data-testid="agreement-live">
          ${
            this.agreementHidden
              ? 'Hidden in a blind round'
              : this.live.state === 'live'
                ? `Live · updated ${new Date(result!.computedAt).toLocaleTimeString()}`
                : this.live.state === 'connecting'
                  ? 'Connecting…'
                  : this.live.error
          }
        </span>
      </div>
      ${
        this.agreementHidden
          ? html`<p class="card" role="note" data-testid="agreement-hidden">
              Agreement is hidden until the round is opened: while the round is blind, coders see only their
              own codings and nothing computed across coders.
            </p>`
          : nothing
      }
      ${this.agreementHidden ? nothing : this.renderControls()}
      ${this.agreementHidden ? nothing : this.renderDownloads()}
      ${
        this.agreementHidden
          ? nothing
          : result
            ? html`<p class="muted" style="margin:0" data-testid="unit-description">
                  ${unitInWords(result.report.unit, this.segments)}
                </p>
                ${result.report.documentsPairable === 0 ? this.renderEmpty(result.report) : nothing}
                ${this.renderCards(result.report)}
                <div class="two">
                  <section class="card">
                    <h2>Per code</h2>
                    <div class="table-scroll">
                      ${
                        result.report.unit === 'unitizing'
                          ? this.renderUnitizingTable(result.report)
                          : this.renderCodeTable(result.report)
                      }
                    </div>
                  </section>
                  ${
                    result.report.unit === 'unitizing'
                      ? nothing
                      : html`<section class="card">
                          <h2>κ by code and coder pair</h2>
                          <div class="table-scroll">
                            ${this.renderHeatmap(result.report, result.againstConsensus)}
                          </div>
                        </section>`
                  }
                </div>
                ${result.report.documents ? this.renderDocuments(result.report) : nothing}
                ${this.renderNotes(result.report, result.orphanedCodings)}`
            : html`<p class="muted">Computing…</p>`
      }
    </div>`;
  }

  /** No transcript is finished by two coders yet: say what makes figures appear, and who does it. */
  private renderEmpty(report: ReportView) {
    const permissions = this.project.state?.permissions;
    const coding = permissions?.code === true && permissions.review === false;
    return html`<section class="card empty" data-testid="empty-agreement">
      <h2>No agreement to show yet</h2>
      <p>
        Figures appear once at least two coders have coded the same transcript and marked it
        <strong>Done</strong>: agreement compares finished work only.
        ${
          report.documentCount === 0
            ? 'This project has no transcripts yet.'
            : coding
              ? 'Code a transcript, then tick Done in its toolbar when you have finished it.'
              : 'Ask your coders to tick Done in a transcript’s toolbar when they finish it.'
        }
      </p>
      <p><a href="/help#done">What “Done” means</a></p>
    </section>`;
  }

  private renderControls() {
    return html`<div class="controls card" role="group" aria-label="Unit of analysis">
      <label
        >Unit of analysis
        <select
          aria-label="Unit of analysis"
          data-testid="unit"
          @change=${(e: Event) => (this.unit = (e.target as HTMLSelectElement).value as Unit)}
        >
          <option value="segment" ?selected=${this.unit === 'segment'}>Segments</option>
          <option value="character" ?selected=${this.unit === 'character'}>Characters</option>
          <option value="unitizing" ?selected=${this.unit === 'unitizing'}>Unitizing (α_u)</option>
        </select></label
      >
      ${
        this.unit === 'segment'
          ? html`<label
              >Segments
              <select
                aria-label="Segments"
                @change=${(e: Event) => (this.segments = (e.target as HTMLSelectElement).value as Segments)}
              >
                ${(['paragraph', 'line', 'sentence', 'turn'] as const).map(
                  (s) =>
                    html`<option value=${s} ?selected=${this.segments === s}>
                      ${s[0]!.toUpperCase() + s.slice(1)}s
                    </option>`,
                )}
              </select></label
            >`
          : nothing
      }
      <label class="check"
        ><input
          type="checkbox"
          .checked=${this.intervals}
          @change=${(e: Event) => (this.intervals = (e.target as HTMLInputElement).checked)}
        />
        95% intervals (bootstrap, ${LIVE_REPLICATES} replicates)</label
      >
    </div>`;
  }

  /** The report as files, made with the unit and options chosen above (stated beside the buttons). */
  private renderDownloads() {
    const options: AgreementOptions = {
      unit: this.unit,
      segments: this.segments,
      replicates: this.intervals ? LIVE_REPLICATES : 0,
    };
    const name = this.project.state?.project.name || 'agreement';
    return html`<section
      class="card downloads"
      aria-labelledby="report-title"
      data-testid="agreement-downloads"
    >
      <h2 id="report-title">Download the report</h2>
      <div class="row wrap-row">
        ${(['html', 'csv', 'json'] as const).map(
          (format) =>
            html`<button
              type="button"
              data-format=${format}
              @click=${() => void this.downloadReport(format, options, `${name}-agreement.${format}`)}
            >
              ${format.toUpperCase()}
            </button>`,
        )}
        <span class="muted" data-testid="report-options">${describeAgreementOptions(options)}</span>
      </div>
      ${this.downloadMessage ? html`<p role="status">${this.downloadMessage}</p>` : nothing}
    </section>`;
  }

  private async downloadReport(
    format: 'html' | 'csv' | 'json',
    options: AgreementOptions,
    fallback: string,
  ): Promise<void> {
    if (!this.projectId) return;
    this.downloadMessage = 'Preparing the report…';
    try {
      const name = await downloadFile(
        `/api/projects/${this.projectId}/${agreementReportPath(format, options)}`,
        fallback,
        this.renderRoot,
        this.context?.api,
      );
      this.downloadMessage = `Downloaded ${name}.`;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.downloadMessage = `The report could not be made: ${err.message}.`;
    }
  }

  private renderCards(report: ReportView) {
    const o = report.overall;
    const card = (label: string, value: string, band: string, testid: string) =>
      html`<div class="card">
        <div class="label">${label}</div>
        <div class="value" data-testid=${testid}>${value}</div>
        <div class="band">${band}</div>
      </div>`;
    const documents = card(
      'Documents',
      `${report.documentsPairable} / ${report.documentCount}`,
      `coded and marked done by at least 2 of ${report.coders.length} coders`,
      'documents-pairable',
    );
    // Unitizing has one coefficient: κ, α and % agreement are not defined for free segmentation.
    if (report.unit === 'unitizing') {
      return html`<div class="cards">
        ${card('α_u (overall)', formatCoefficient(o.alphaU), alphaBand(o.alphaU), 'overall-alphau')}
        ${documents}
      </div>`;
    }
    return html`<div class="cards">
      ${card('Pooled κ', formatCoefficient(o.pooledKappa), kappaBand(o.pooledKappa), 'overall-kappa')}
      ${card("Krippendorff's α", formatCoefficient(o.krippendorffAlpha), alphaBand(o.krippendorffAlpha), 'overall-alpha')}
      ${card('% agreement', formatPercent(o.percentAgreement), `${o.items} unit × code items`, 'overall-percent')}
      ${documents}
    </div>`;
  }

  private renderCodeTable(report: ReportView) {
    const pairs = report.pairs;
    const kappaName = pairs.length === 1 ? "Cohen's κ" : "Fleiss' κ";
    return html`<table data-testid="agreement-table">
      <thead>
        <tr>
          <th>Code</th>
          <th class="num">n</th>
          <th class="num">% agr.</th>
          <th class="num">${kappaName}</th>
          <th
            class="num"
            title="Gwet's AC1: chance agreement from mean category shares, stable when a code is rare"
          >
            AC1
          </th>
          <th class="num">α</th>
          <th>Band (κ)</th>
        </tr>
      </thead>
      <tbody>
        ${report.codes.map((row) => this.codeRow(row, pairs))}
      </tbody>
    </table>`;
  }

  /** Per code α_u, the only coefficient of unitizing, with its band and why it is missing if so. */
  private renderUnitizingTable(report: ReportView) {
    return html`<table data-testid="agreement-table">
      <thead>
        <tr>
          <th>Code</th>
          <th class="num">α<sub>u</sub></th>
          <th>Band (α<sub>u</sub>)</th>
        </tr>
      </thead>
      <tbody>
        ${report.codes.map((row) => {
          const why = plainNote(reasonFor(row, 'alphaU'));
          return html`<tr data-code=${row.code}>
            <td>${row.name}</td>
            <td class="num" title=${why} data-testid="alpha-u">${formatCoefficient(row.alphaU)}</td>
            <td>
              ${row.alphaU === null ? html`<span class="muted">${why || 'n/a'}</span>` : alphaBand(row.alphaU)}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private codeRow(row: CodeRow, pairs: readonly string[]) {
    const kappa = headlineKappa(row, pairs);
    const kappaKey = pairs.length === 1 ? 'cohensKappa' : 'fleissKappa';
    const kappaCi = pairs.length === 1 ? row.ci?.cohensKappa[pairs[0]!] : row.ci?.fleissKappa;
    const kappaReason = plainNote(reasonFor(row, kappaKey, pairs[0]));
    const ac1 = headlineAC1(row, pairs);
    const note = paradoxNote(row, pairs, this.name);
    const ac1Ci = pairs.length === 1 ? row.ci?.gwetAC1ByPair?.[pairs[0]!] : row.ci?.gwetAC1;
    const ac1Reason = plainNote(
      pairs.length === 1 ? reasonFor(row, 'gwetAC1ByPair', pairs[0]) : reasonFor(row, 'gwetAC1'),
    );
    return html`<tr data-code=${row.code}>
        <td>${row.name}</td>
        <td class="num">${row.units}</td>
        <td class="num" title=${plainNote(reasonFor(row, 'percentAgreement'))}>
          ${formatPercent(row.percentAgreement)}
          <span class="ci">${formatInterval(row.ci?.percentAgreement)}</span>
        </td>
        <td class="num" title=${kappaReason} data-testid="kappa">
          ${formatCoefficient(kappa)} <span class="ci">${formatInterval(kappaCi)}</span>
        </td>
        <td class="num" title=${ac1Reason} data-testid="ac1">
          ${formatCoefficient(ac1)} <span class="ci">${formatInterval(ac1Ci)}</span>
        </td>
        <td class="num" title=${plainNote(reasonFor(row, 'krippendorffAlpha'))}>
          ${formatCoefficient(row.krippendorffAlpha)}
          <span class="ci">${formatInterval(row.ci?.krippendorffAlpha)}</span>
        </td>
        <td class="band-cell">
          ${kappa === null ? html`<span class="muted" title=${kappaReason}>n/a</span>` : kappaBand(kappa)}
        </td>
      </tr>
      ${
        note
          ? html`<tr class="paradox" data-paradox-for=${row.code}>
              <td colspan="7" role="note" data-testid="paradox">${note}</td>
            </tr>`
          : nothing
      }`;
  }

  private renderHeatmap(report: ReportView, consensus: ReportView | null) {
    const consensusPairs = consensus ? consensus.pairs.filter((p) => p.split('|').includes(CONSENSUS)) : [];
    const columns = [
      ...report.pairs.map((p) => ({ pair: p, source: report })),
      ...consensusPairs.map((p) => ({ pair: p, source: consensus! })),
    ];
    if (columns.length === 0) return html`<p class="muted">Agreement needs two coders.</p>`;
    const byCode = new Map(columns.map((c) => [c.source, new Map(c.source.codes.map((r) => [r.code, r]))]));
    return html`<table class="heat" data-testid="heatmap">
      <thead>
        <tr>
          <th>Code</th>
          ${columns.map((c) => html`<th class="num">${pairLabel(c.pair, this.name)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${report.codes.map(
          (row) =>
            html`<tr>
              <td>${row.name}</td>
              ${columns.map((c) => {
                const source = byCode.get(c.source)!.get(row.code);
                const value = source?.cohensKappa[c.pair] ?? null;
                const n = source?.pairs[c.pair]?.n ?? 0;
                return html`<td
                  class="cell"
                  style=${styleMap({ background: heatColor(value) })}
                  title="${pairLabel(c.pair, this.name)}: κ ${formatCoefficient(value)} over ${n} units${value === null && source ? ` (${plainNote(reasonFor(source, 'cohensKappa', c.pair))})` : ''}"
                >
                  ${formatCoefficient(value)}
                </td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderDocuments(report: ReportView) {
    const titles = new Map(this.project.state?.documents.map((d) => [d.id, d.title]) ?? []);
    const projectId = this.projectId ?? '';
    const unitizing = report.unit === 'unitizing';
    const figure = (value: number | null, reason: string) =>
      html`<td class="num" title=${plainNote(reason)}>${formatCoefficient(value)}</td>`;
    return html`<section class="card">
      <h2>Per document</h2>
      <div class="table-scroll">
        <table data-testid="agreement-documents">
          <thead>
            <tr>
              <th>Document</th>
              <th>Completed by</th>
              <th class="num">Units</th>
              ${
                unitizing
                  ? html`<th class="num">α<sub>u</sub></th>`
                  : html`<th class="num">% agr.</th>
                      <th class="num">Pooled κ</th>
                      <th class="num">α</th>`
              }
            </tr>
          </thead>
          <tbody>
            ${report.documents!.map(
              (d) =>
                html`<tr>
                  <td>
                    <a href="/projects/${projectId}/documents/${d.document}"
                      >${titles.get(d.document) ?? d.document}</a
                    >
                  </td>
                  <td>
                    ${d.coders.map(this.name).join(', ') || html`<span class="muted">nobody yet</span>`}
                  </td>
                  <td class="num">${d.units}</td>
                  ${
                    unitizing
                      ? figure(d.alphaU, reasonFor(d, 'alphaU'))
                      : html`<td class="num">${formatPercent(d.percentAgreement)}</td>
                          ${figure(d.pooledKappa, reasonFor(d, 'pooledKappa'))}
                          ${figure(d.krippendorffAlpha, reasonFor(d, 'krippendorffAlpha'))}`
                  }
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private renderNotes(report: ReportView, orphaned: number) {
    const notes = dashboardNotes(report, orphaned);
    if (notes.length === 0) return nothing;
    return html`<section class="card">
      <h2>Notes</h2>
      <ul class="notes" data-testid="agreement-notes">
        ${notes.map((n) => html`<li>${n}</li>`)}
      </ul>
    </section>`;
  }
}
