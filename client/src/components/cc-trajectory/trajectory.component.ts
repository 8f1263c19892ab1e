import { LitElement, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../../api/ApiClient.ts';
import {
  ProjectTargetSchema,
  TargetMeasureSchema,
  TrajectorySchema,
  type Target,
  type TargetMeasure,
  type Trajectory,
  type TrajectoryRound,
} from '../../api/roundsSchemas.ts';
import type { AppContext } from '../../context.ts';
import { formatCoefficient, formatPercent } from '../../model/agreementView.ts';
import {
  MEASURE_LABELS,
  bandsInWords,
  codeTrajectories,
  diffLines,
  diffSize,
  formatDate,
  parseTargetValue,
  pooledFor,
  targetBand,
} from '../../model/rounds.ts';
import styles from './trajectory.styles.ts';

/**
 * Reliability across rounds: the project's target (measure and value, with its bands in words;
 * owners set it), pooled and per-code agreement round by round with the values below the target
 * marked and the codebook changes made between rounds listed, and the methods paragraph to
 * download (Markdown, HTML, Word).
 */
export class CcTrajectory extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    owner: { attribute: false },
    revision: { attribute: false },
    trajectory: { state: true },
    target: { state: true },
    measure: { state: true },
    value: { state: true },
    valueError: { state: true },
    message: { state: true },
    error: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** May set the target (owners). */
  declare owner: boolean;
  /** Anything whose change means the rounds changed (the page passes its list of rounds). */
  declare revision: unknown;
  declare trajectory: Trajectory | null;
  declare target: Target | null;
  declare measure: TargetMeasure;
  declare value: string;
  declare valueError: string | null;
  declare message: string | null;
  declare error: string | null;
  private loadedFor: unknown = undefined;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.owner = false;
    this.revision = null;
    this.trajectory = null;
    this.target = null;
    this.measure = 'cohenKappa';
    this.value = '0.70';
    this.valueError = null;
    this.message = null;
    this.error = null;
  }

  override updated(): void {
    const key = this.context && this.projectId ? this.revision : undefined;
    if (key !== undefined && key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  private get base(): string {
    return `/api/projects/${this.projectId ?? ''}`;
  }

  /** Reads the target and the trajectory; each shows on its own if the other fails. */
  private async load(): Promise<void> {
    await Promise.all([this.loadTarget(), this.loadTrajectory()]);
  }

  private async loadTarget(): Promise<void> {
    if (!this.context) return;
    try {
      const { target } = await this.context.api.get(this.base, ProjectTargetSchema);
      this.target = target;
      if (target) {
        this.measure = target.measure;
        this.value = String(target.value);
      }
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The target could not be read.';
    }
  }

  private async loadTrajectory(): Promise<void> {
    if (!this.context) return;
    try {
      this.trajectory = await this.context.api.get(`${this.base}/rounds/trajectory`, TrajectorySchema);
      this.error = null;
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 404
          ? 'This server does not offer the trajectory across rounds.'
          : err instanceof ApiError
            ? err.message
            : 'The trajectory could not be loaded.';
    }
  }

  private async saveTarget(target: Target | null): Promise<void> {
    if (!this.context) return;
    try {
      await this.context.api.send('PATCH', this.base, { target });
      // The target line below is a live region and says the new target itself: no second message.
      this.message = null;
      await this.load();
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The target could not be saved.';
    }
  }

  private submitTarget(e: SubmitEvent): void {
    e.preventDefault();
    const parsed = parseTargetValue(this.value);
    if ('error' in parsed) {
      this.valueError = parsed.error;
      return;
    }
    this.valueError = null;
    void this.saveTarget({ measure: this.measure, value: parsed.value });
  }

  override render() {
    return html`<section class="card" aria-labelledby="trajectory-title">
      <h2 id="trajectory-title">Reliability across rounds</h2>
      ${this.message ? html`<p role="status" data-testid="target-message">${this.message}</p>` : nothing}
      ${this.renderTarget()}
      ${
        this.error
          ? html`<p class="error" role="alert">${this.error}</p>`
          : this.trajectory
            ? this.renderTrajectory(this.trajectory)
            : html`<p class="muted">Loading…</p>`
      }
      <h3>Methods paragraph</h3>
      <p class="muted">
        The reliability part of a methods section, written from the recorded rounds, with a table of every
        round's figures.
      </p>
      <div class="downloads" data-testid="methods-downloads">
        ${(['md', 'html', 'docx'] as const).map(
          (format) =>
            html`<a href="${this.base}/export/methods?format=${format}" download data-format=${format}
              >Download (${{ md: 'Markdown', html: 'HTML', docx: 'Word' }[format]})</a
            >`,
        )}
      </div>
    </section>`;
  }

  private renderTarget() {
    const target = this.target;
    const current = html`<p role="status" class=${target ? '' : 'muted'} data-testid="target">
      ${target ? `Target: ${MEASURE_LABELS[target.measure]} ≥ ${target.value} — ${targetBand(target)}.` : 'No target set.'}
    </p>`;
    if (!this.owner) return current;
    return html`${current}
      <form class="target" @submit=${(e: SubmitEvent) => this.submitTarget(e)} aria-label="Target">
        <label
          >Measure
          <select
            aria-label="Measure"
            @change=${(e: Event) => (this.measure = TargetMeasureSchema.parse((e.target as HTMLSelectElement).value))}
          >
            ${TargetMeasureSchema.options.map(
              (m) => html`<option value=${m} ?selected=${m === this.measure}>${MEASURE_LABELS[m]}</option>`,
            )}
          </select></label
        >
        <label
          >At least
          <input
            inputmode="decimal"
            .value=${live(this.value)}
            aria-invalid=${this.valueError ? 'true' : 'false'}
            aria-describedby="target-bands target-error"
            @input=${(e: Event) => {
              this.value = (e.target as HTMLInputElement).value;
              this.valueError = null;
            }}
        /></label>
        <button type="submit" class="primary">Set target</button>
        ${target ? html`<button type="button" @click=${() => void this.saveTarget(null)}>Clear</button>` : nothing}
      </form>
      ${this.valueError ? html`<p class="error" id="target-error" role="alert" data-testid="target-error">${this.valueError}</p>` : nothing}
      <p class="muted bands" id="target-bands">${bandsInWords(this.measure)}</p>`;
  }

  private renderTrajectory(trajectory: Trajectory) {
    const rounds = trajectory.rounds;
    if (rounds.length === 0) return html`<p class="muted">No rounds yet.</p>`;
    const target = trajectory.target;
    const below = (value: number | null) => target !== null && value !== null && value < target.value;
    const cell = (value: number | null, reaches: boolean | null, format = formatCoefficient) => {
      const miss = reaches === false;
      return html`<td class="num ${miss ? 'below' : ''}" data-below=${String(miss)}>
        ${format(value)}${miss ? html` <span aria-hidden="true">▼</span><span class="visually-hidden">below target</span>` : nothing}
      </td>`;
    };
    const codes = codeTrajectories(rounds);
    const pooledRows: [string, (r: TrajectoryRound) => number | null, boolean][] = [
      [
        'Pooled κ',
        (r) => r.pooled.cohenKappa,
        target?.measure === 'cohenKappa' || target?.measure === 'fleissKappa',
      ],
      ["Krippendorff's α", (r) => r.pooled.krippendorffAlpha, target?.measure === 'krippendorffAlpha'],
      ["Gwet's AC1", (r) => r.pooled.gwetAC1, target?.measure === 'gwetAC1'],
    ];
    return html`<p class="muted">
        ${target ? `Values below the target (${MEASURE_LABELS[target.measure]} ≥ ${target.value}) are marked ▼.` : 'Set a target to mark the codes that fall short.'}
        Per-code values are ${target ? MEASURE_LABELS[target.measure] : 'the project’s default measure'}.
      </p>
      <div class="scroll">
        <table data-testid="trajectory">
          <caption class="visually-hidden">
            Agreement per round
          </caption>
          <thead>
            <tr>
              <th scope="col">Round</th>
              ${rounds.map(
                (r) =>
                  html`<th scope="col" class="num" data-round=${r.id}>
                    ${r.name}<br /><span class="sub"
                      >${r.status === 'open' ? 'open (live)' : `closed ${formatDate(r.closedAt)}`}</span
                    >
                  </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Codebook changes before</th>
              ${rounds.map((r) => html`<td class="changes">${this.changes(r)}</td>`)}
            </tr>
            <tr>
              <th scope="row">Documents · coders</th>
              ${rounds.map((r) => html`<td class="num">${r.documents} · ${r.coders}${r.blind ? ' · blind' : ''}</td>`)}
            </tr>
            ${pooledRows.map(
              ([label, read, judged]) =>
                html`<tr class="pooled">
                  <th scope="row">${label}</th>
                  ${rounds.map((r) => cell(read(r), judged && target ? !below(read(r)) : null))}
                </tr>`,
            )}
            <tr class="pooled">
              <th scope="row">% agreement</th>
              ${rounds.map((r) => cell(r.pooled.percentAgreement, null, formatPercent))}
            </tr>
            ${codes.map(
              (c) =>
                html`<tr data-code=${c.codeId}>
                  <th scope="row" class="code">${c.name}</th>
                  ${c.cells.map((x) => cell(x.value, x.reaches))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${target ? html`<p class="muted" data-testid="target-summary">${this.summary(rounds, target)}</p>` : nothing}`;
  }

  private changes(round: TrajectoryRound) {
    const diff = round.codebookChangesBefore;
    if (!diff) return html`<span class="muted">—</span>`;
    const n = diffSize(diff);
    if (n === 0) return html`<span class="muted">none</span>`;
    return html`<details data-testid="codebook-changes">
      <summary>${n} change${n === 1 ? '' : 's'}</summary>
      <ul>
        ${diffLines(diff).map((l) => html`<li data-kind=${l.kind}>${l.text}</li>`)}
      </ul>
    </details>`;
  }

  private summary(rounds: readonly TrajectoryRound[], target: Target): string {
    const last = rounds[rounds.length - 1]!;
    const short = last.codes.filter((c) => c.reaches === false).length;
    const pooled = pooledFor(last, target.measure);
    return `In “${last.name}”, ${short} code${short === 1 ? '' : 's'} fell below the target; pooled ${MEASURE_LABELS[target.measure]} ${formatCoefficient(pooled)}.`;
  }
}
