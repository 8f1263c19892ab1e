import { LitElement, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../../api/ApiClient.ts';
import {
  PriorCodingSchema,
  RoundAgreementSchema,
  RoundListSchema,
  RoundSchema,
  RoundViewSchema,
  type Round,
  type RoundView,
} from '../../api/roundsSchemas.ts';
import type { AppContext } from '../../context.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import {
  attributeNames,
  codedBeforeWarning,
  formatDate,
  newSeed,
  previewSample,
  startRoundBody,
  type PriorCoding,
  type StartRoundField,
  type StartRoundForm,
} from '../../model/rounds.ts';
import styles from './rounds-page.styles.ts';

/** A round's report as the page holds it once asked for. */
interface LoadedReport {
  round: RoundView;
  agreement: ReturnType<typeof RoundAgreementSchema.parse> | null;
}

/**
 * Reliability rounds: owners and reviewers start a round (its coders, and documents picked or
 * drawn as a reproducible sample) and close it; everyone sees the list with each round's
 * documents and coders and, for those who may see figures across coders, its agreement (live
 * while open, frozen once closed). Assignments and the trajectory across rounds follow below.
 */
export class CcRoundsPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    rounds: { state: true },
    prior: { state: true },
    form: { state: true },
    errors: { state: true },
    confirmBlind: { state: true },
    confirmClose: { state: true },
    reports: { state: true },
    message: { state: true },
    busy: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare rounds: Round[] | null;
  /** Who has already coded which document (read by those who start rounds; empty for others). */
  declare prior: PriorCoding;
  declare form: StartRoundForm;
  /** Problems with the start form, shown at their fields. */
  declare errors: Partial<Record<StartRoundField, string>>;
  /** A blind round is about to start: the page says what coders stop seeing and asks to confirm. */
  declare confirmBlind: boolean;
  /** The round whose closing is being confirmed. */
  declare confirmClose: string | null;
  /** Reports shown, by round id. */
  declare reports: Map<string, LoadedReport | 'loading' | string>;
  declare message: string | null;
  declare busy: boolean;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private loadedFor: unknown = null;
  private formFor: unknown = null;
  /** Whether the start form was asked for by the address (`#start`) and has had the focus. */
  private startFocused = false;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.rounds = null;
    this.prior = [];
    this.form = {
      name: '',
      blind: true,
      coders: [],
      mode: 'sample',
      documents: [],
      sizeKind: 'percent',
      size: '20',
      seed: String(newSeed(Math.random)),
      stratifyBy: '',
      includeSampled: false,
      includeCoded: false,
      recode: false,
    };
    this.errors = {};
    this.confirmBlind = false;
    this.confirmClose = null;
    this.reports = new Map();
    this.message = null;
    this.busy = false;
  }

  override updated(): void {
    const state = this.project.state;
    if (state && this.loadedFor !== state) {
      this.loadedFor = state;
      void this.loadRounds();
    }
    // The round's coders start as the project's coders; the supervisor unticks whom they leave out.
    if (state && this.formFor !== state.project.id) {
      this.formFor = state.project.id;
      // The project page's "Start a blind round…" / "Start a round…" come here with `?blind=1|0`.
      const asked = new URLSearchParams(window.location.search).get('blind');
      this.form = {
        ...this.form,
        coders: state.members.filter((m) => m.role === 'coder').map((m) => m.userId),
        ...(asked === null ? {} : { blind: asked === '1' }),
      };
    }
    const name = this.renderRoot.querySelector<HTMLInputElement>('#start [data-field="name"]');
    if (name && !this.startFocused && window.location.hash === '#start') {
      this.startFocused = true;
      name.focus();
    }
  }

  private get base(): string {
    return `/api/projects/${this.projectId ?? ''}`;
  }

  private async loadRounds(): Promise<void> {
    if (!this.context) return;
    try {
      this.rounds = (await this.context.api.get(`${this.base}/rounds`, RoundListSchema)).rounds;
      // Only supervisors start rounds, and only they may read who coded what.
      if (this.project.state?.permissions.review)
        this.prior = (
          await this.context.api.get(`${this.base}/rounds/prior-coding`, PriorCodingSchema)
        ).documents;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The rounds could not be loaded.';
    }
  }

  private name = (id: string): string => this.project.state?.members.find((m) => m.userId === id)?.name ?? id;

  private docTitle = (id: string): string =>
    this.project.state?.documents.find((d) => d.id === id)?.title ?? id;

  private set<K extends keyof StartRoundForm>(key: K, value: StartRoundForm[K]): void {
    this.form = { ...this.form, [key]: value };
    if (key in this.errors) this.errors = { ...this.errors, [key]: undefined };
  }

  /**
   * Recoding is of documents coded before, so a drawn sample then includes documents of earlier
   * rounds (the supervisor may untick it again).
   */
  private setRecode(on: boolean): void {
    this.set('recode', on);
    if (on) this.set('includeSampled', true);
    if (this.errors.coders) this.errors = { ...this.errors, coders: undefined };
  }

  private toggle(key: 'coders' | 'documents', id: string, on: boolean): void {
    const list = this.form[key].filter((x) => x !== id);
    this.set(key, on ? [...list, id] : list);
  }

  /** Checks the form; a blind round asks for confirmation first, an open one starts at once. */
  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const checked = startRoundBody(this.form);
    if ('errors' in checked) {
      this.errors = checked.errors;
      const first = Object.keys(checked.errors)[0];
      this.renderRoot.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    this.errors = {};
    if (this.form.blind) this.confirmBlind = true;
    else void this.start();
  }

  private async start(): Promise<void> {
    const checked = startRoundBody(this.form);
    if (!this.context || 'errors' in checked) return;
    this.confirmBlind = false;
    this.busy = true;
    try {
      const round = await this.context.api.post(`${this.base}/rounds`, checked.body, RoundSchema);
      this.message = `Started “${round.name}” with ${round.documents.length} document${round.documents.length === 1 ? '' : 's'}${
        round.sample ? ` (seed ${round.sample.seed})` : ''
      }.`;
      this.form = { ...this.form, name: '', seed: String(newSeed(Math.random)) };
      await Promise.all([this.loadRounds(), this.project.reload()]);
    } catch (err) {
      this.showServerError(err, 'The round could not be started.');
    } finally {
      this.busy = false;
    }
  }

  /** The server's refusal, at the field it names when it names one. */
  private showServerError(err: unknown, fallback: string): void {
    if (!(err instanceof ApiError)) {
      this.message = fallback;
      return;
    }
    const errors: Partial<Record<StartRoundField, string>> = {};
    for (const issue of err.issues) {
      const [top, inner] = issue.path;
      if (top === 'name' || top === 'coders' || top === 'documents') errors[top] = issue.message;
      else if (top === 'sample') errors[inner === 'seed' ? 'seed' : 'size'] = issue.message;
    }
    this.errors = errors;
    this.message = err.message;
  }

  private async close(round: Round): Promise<void> {
    if (!this.context) return;
    this.confirmClose = null;
    this.busy = true;
    try {
      const closed = await this.context.api.post(
        `${this.base}/rounds/${round.id}/close`,
        undefined,
        RoundViewSchema,
      );
      this.message = `Closed “${closed.name}”: its figures are frozen.`;
      this.reports = new Map(this.reports).set(round.id, this.loaded(closed));
      await Promise.all([this.loadRounds(), this.project.reload()]);
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The round could not be closed.';
    } finally {
      this.busy = false;
    }
  }

  private loaded(round: RoundView): LoadedReport {
    const parsed = RoundAgreementSchema.safeParse(round.agreement);
    return { round, agreement: parsed.success ? parsed.data : null };
  }

  /** Shows (or hides) a round's report; an open round's is read again each time it is shown. */
  private async toggleReport(round: Round): Promise<void> {
    const reports = new Map(this.reports);
    if (reports.has(round.id)) {
      reports.delete(round.id);
      this.reports = reports;
      return;
    }
    await this.readReport(round);
  }

  /** Reads a round's report: the live figures of an open round, the frozen ones of a closed one. */
  private async readReport(round: Round): Promise<void> {
    if (!this.context) return;
    this.reports = new Map(this.reports).set(round.id, 'loading');
    try {
      const view = await this.context.api.get(`${this.base}/rounds/${round.id}`, RoundViewSchema);
      this.reports = new Map(this.reports).set(round.id, this.loaded(view));
    } catch (err) {
      this.reports = new Map(this.reports).set(
        round.id,
        err instanceof ApiError ? err.message : 'The report could not be loaded.',
      );
    }
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const { project, permissions, members, documents } = state;
    const open = this.rounds?.find((r) => r.status === 'open') ?? null;
    return html`<div class="wrap">
      <div>
        <a href="/projects/${project.id}">← ${project.name}</a>
        <h1>Rounds</h1>
        <p class="muted lead">
          A round is a stretch of coding whose agreement is kept: its coders code the same documents, and when
          it closes its figures are frozen with the codebook they were coded with.
        </p>
      </div>
      ${this.message ? html`<p role="status" class="message" data-testid="rounds-message">${this.message}</p>` : nothing}
      ${
        permissions.review
          ? open
            ? html`<p class="card muted" data-testid="round-open-note">
                “${open.name}” is open. Close it before starting the next round.
              </p>`
            : this.startForm(members, documents)
          : nothing
      }
      <section class="card" aria-labelledby="rounds-title">
        <h2 id="rounds-title">All rounds</h2>
        ${
          this.rounds === null
            ? html`<p class="muted">Loading…</p>`
            : this.rounds.length === 0
              ? html`<p class="muted" data-testid="no-rounds">No rounds yet.</p>`
              : html`<ol class="rounds" data-testid="rounds">
                  ${[...this.rounds].reverse().map((r) => this.roundItem(r, permissions.review, permissions.seesAllLayers))}
                </ol>`
        }
      </section>
      ${
        permissions.review
          ? html`<cc-assignments
              .context=${this.context}
              .projectId=${project.id}
              .members=${members}
              .documents=${documents}
              .rounds=${this.rounds ?? []}
              .prior=${this.prior}
            ></cc-assignments>`
          : nothing
      }
      ${
        permissions.seesAllLayers
          ? html`<cc-trajectory
              .context=${this.context}
              .projectId=${project.id}
              .owner=${project.role === 'owner' || (this.context?.user.isAdmin ?? false)}
              .revision=${this.rounds}
            ></cc-trajectory>`
          : nothing
      }
    </div>`;
  }

  private fieldError(field: StartRoundField) {
    const message = this.errors[field];
    return message
      ? html`<p class="error" id="error-${field}" role="alert" data-testid="error-${field}">${message}</p>`
      : nothing;
  }

  private invalid(field: StartRoundField) {
    return this.errors[field] ? 'true' : 'false';
  }

  private startForm(
    members: readonly { userId: string; name: string; role: string }[],
    documents: readonly { id: string; title: string; attributes: Record<string, string> }[],
  ) {
    const f = this.form;
    const coders = members.filter((m) => m.role !== 'viewer');
    const attributes = attributeNames(documents);
    return html`<section class="card" id="start" aria-labelledby="start-title">
      <h2 id="start-title">Start a round</h2>
      <form novalidate @submit=${(e: SubmitEvent) => this.submit(e)} data-testid="start-round">
        <label
          >Name
          <input
            data-field="name"
            .value=${live(f.name)}
            maxlength="200"
            placeholder="Pilot"
            aria-invalid=${this.invalid('name')}
            aria-describedby="error-name"
            @input=${(e: Event) => this.set('name', (e.target as HTMLInputElement).value)}
        /></label>
        ${this.fieldError('name')}
        <label class="check"
          ><input
            type="checkbox"
            .checked=${f.blind}
            @change=${(e: Event) => this.set('blind', (e.target as HTMLInputElement).checked)}
          />
          Blind: each coder sees only their own codings while the round is open</label
        >
        <label class="check"
          ><input
            type="checkbox"
            data-testid="recode"
            .checked=${f.recode ?? false}
            aria-describedby="recode-hint"
            @change=${(e: Event) => this.setRecode((e.target as HTMLInputElement).checked)}
          />
          Recode: coders code these documents again, for intra-coder agreement</label
        >
        <p class="hint" id="recode-hint">
          ${
            f.recode
              ? 'Choose documents the coders already coded in an earlier round. Each coder codes them again in a fresh layer, and the round reports how far each agrees with their own earlier coding. While they recode, their earlier codings of these documents are hidden from them; they show again when the round closes. One coder is enough.'
              : 'For intra-coder agreement: the round’s coders code documents they already coded once more.'
          }
        </p>
        <fieldset
          data-field="coders"
          tabindex="-1"
          aria-invalid=${this.invalid('coders')}
          aria-describedby="error-coders"
        >
          <legend>Coders</legend>
          <div class="checks">
            ${coders.map((m) => {
              // Owners and reviewers see every layer by role: they cannot be a blind round's raters.
              const seesAll = f.blind && (m.role === 'owner' || m.role === 'reviewer');
              return html`<label class="check"
                ><input
                  type="checkbox"
                  .checked=${f.coders.includes(m.userId) && !seesAll}
                  ?disabled=${seesAll}
                  @change=${(e: Event) => this.toggle('coders', m.userId, (e.target as HTMLInputElement).checked)}
                />
                ${m.name}
                <span class="muted"
                  >(${m.role}${seesAll ? ': sees every coder’s work, so cannot code blind' : ''})</span
                ></label
              >`;
            })}
          </div>
        </fieldset>
        ${this.fieldError('coders')}
        <fieldset>
          <legend>Documents</legend>
          <div class="checks">
            <label class="check"
              ><input
                type="radio"
                name="mode"
                .checked=${f.mode === 'sample'}
                @change=${() => this.set('mode', 'sample')}
              />
              Draw a sample</label
            >
            <label class="check"
              ><input
                type="radio"
                name="mode"
                .checked=${f.mode === 'pick'}
                @change=${() => this.set('mode', 'pick')}
              />
              Pick documents</label
            >
          </div>
          ${f.mode === 'sample' ? this.sampleFields(attributes) : this.pickFields(documents)}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>Start the round…</button>
        </div>
      </form>
      ${
        this.confirmBlind
          ? html`<section
              class="confirm"
              role="alertdialog"
              aria-labelledby="confirm-blind-title"
              aria-describedby="confirm-blind-text"
              data-testid="confirm-blind-round"
            >
              <h3 id="confirm-blind-title">Start the blind round “${f.name.trim()}”?</h3>
              <p id="confirm-blind-text">
                Until the round closes, its coders and the project's viewers see only their own codings: other
                coders' codings, the consensus, their cursors and selections, and every agreement figure are
                hidden from them. Reviewers and owners still see everything. Nothing is deleted.
              </p>
              ${this.codedWarning('confirm-coded-before')}
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  ?disabled=${this.busy}
                  @click=${() => void this.start()}
                >
                  Start the blind round
                </button>
                <button type="button" @click=${() => (this.confirmBlind = false)}>Back</button>
              </div>
            </section>`
          : nothing
      }
    </section>`;
  }

  private sampleFields(attributes: readonly string[]) {
    const f = this.form;
    const preview = previewSample(f, this.project.state?.documents ?? [], this.rounds ?? [], this.prior);
    return html`<div class="sample">
      <div class="inline">
        <label
          >Sample size
          <input
            data-field="size"
            inputmode="decimal"
            .value=${live(f.size)}
            aria-invalid=${this.invalid('size')}
            aria-describedby="error-size"
            @input=${(e: Event) => this.set('size', (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >as
          <select
            aria-label="Sample size counted as"
            @change=${(e: Event) => this.set('sizeKind', (e.target as HTMLSelectElement).value as 'percent' | 'count')}
          >
            <option value="percent" ?selected=${f.sizeKind === 'percent'}>% of the documents</option>
            <option value="count" ?selected=${f.sizeKind === 'count'}>documents</option>
          </select></label
        >
      </div>
      ${this.fieldError('size')}
      <div class="inline">
        <label
          >Seed
          <input
            data-field="seed"
            inputmode="numeric"
            data-testid="seed"
            .value=${live(f.seed)}
            aria-invalid=${this.invalid('seed')}
            aria-describedby="error-seed seed-hint"
            @input=${(e: Event) => this.set('seed', (e.target as HTMLInputElement).value)}
        /></label>
        <button type="button" @click=${() => this.set('seed', String(newSeed(Math.random)))}>New seed</button>
      </div>
      <p class="hint" id="seed-hint">
        Write the seed in your methods: the same seed and documents draw the same sample on any machine.
      </p>
      ${this.fieldError('seed')}
      <label
        >Stratify by
        <select
          aria-label="Stratify by"
          @change=${(e: Event) => this.set('stratifyBy', (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${f.stratifyBy === ''}>No strata</option>
          ${attributes.map((a) => html`<option value=${a} ?selected=${f.stratifyBy === a}>${a}</option>`)}
        </select></label
      >
      <label class="check"
        ><input
          type="checkbox"
          .checked=${f.includeSampled}
          @change=${(e: Event) => this.set('includeSampled', (e.target as HTMLInputElement).checked)}
        />
        Include documents sampled in earlier rounds</label
      >
      <label class="check"
        ><input
          type="checkbox"
          data-testid="include-coded"
          .checked=${f.includeCoded ?? false}
          aria-describedby="include-coded-hint"
          @change=${(e: Event) => this.set('includeCoded', (e.target as HTMLInputElement).checked)}
        />
        Include documents these coders have already coded</label
      >
      <p class="hint" id="include-coded-hint">
        Left out by default: coding done before the round was not blind. A recode round draws from coded
        documents anyway.
      </p>
      ${preview ? this.previewList(preview) : nothing}
      ${preview ? this.codedWarning('coded-before', preview.documents) : nothing}
    </div>`;
  }

  /**
   * The warning before a round takes in documents its coders have already coded: the documents
   * picked by hand, or the previewed sample when `documents` is given.
   */
  private codedWarning(testid: string, documents?: readonly string[]) {
    const f = this.form;
    const chosen =
      documents ??
      (f.mode === 'pick'
        ? f.documents
        : (previewSample(f, this.project.state?.documents ?? [], this.rounds ?? [], this.prior)?.documents ??
          []));
    const warning = codedBeforeWarning(f, chosen, this.prior, this.docTitle, this.name);
    return warning ? html`<p class="warning" role="note" data-testid=${testid}>${warning}</p>` : nothing;
  }

  /** The documents this seed draws, before the round starts (the same draw as the server's). */
  private previewList(preview: NonNullable<ReturnType<typeof previewSample>>) {
    const strata = preview.strata.length > 1 ? preview.strata : [];
    return html`<details class="preview" data-testid="sample-preview">
      <summary>
        Preview: ${preview.documents.length} of ${preview.eligible} eligible
        document${preview.eligible === 1 ? '' : 's'}
        ${strata.length > 0 ? `(${strata.map((x) => `${x.stratum || 'none'} ${x.drawn}/${x.size}`).join(', ')})` : ''}
      </summary>
      <ul>
        ${preview.documents.map((d) => html`<li data-document=${d}>${this.docTitle(d)}</li>`)}
      </ul>
    </details>`;
  }

  private pickFields(documents: readonly { id: string; title: string }[]) {
    return html`<div class="pick" data-field="documents" tabindex="-1" aria-describedby="error-documents">
        ${documents.map(
          (d) =>
            html`<label class="check"
              ><input
                type="checkbox"
                .checked=${this.form.documents.includes(d.id)}
                @change=${(e: Event) => this.toggle('documents', d.id, (e.target as HTMLInputElement).checked)}
              />
              ${d.title}</label
            >`,
        )}
      </div>
      ${this.fieldError('documents')} ${this.codedWarning('coded-before')}`;
  }

  private sampleText(round: Round): string {
    const s = round.sample;
    if (!s) return 'Documents picked by hand.';
    const size = s.fraction !== undefined ? `${+(s.fraction * 100).toFixed(4)}%` : `${s.count}`;
    const strata =
      s.stratifyBy && s.strata.length > 0
        ? `, stratified by ${s.stratifyBy} (${s.strata.map((x) => `${x.stratum || 'none'} ${x.drawn}/${x.size}`).join(', ')})`
        : '';
    return `Sample of ${size} of ${s.eligible} eligible documents, seed ${s.seed}${strata}${s.includeSampled ? ', earlier-sampled documents included' : ''}${s.includeCoded ? ', documents its coders had coded included' : ''}.`;
  }

  /**
   * One round. `figures`: whether the reader may see figures across coders now; those who may not
   * (coders and viewers while a round is blind) get a sentence instead of a button that can only
   * be refused.
   */
  private roundItem(round: Round, review: boolean, figures: boolean) {
    const report = this.reports.get(round.id);
    const titleId = `round-${round.id}`;
    return html`<li
      class="round"
      data-round=${round.id}
      data-status=${round.status}
      aria-labelledby=${titleId}
    >
      <div class="round-head">
        <h3 id=${titleId}>${round.name}</h3>
        <span class="badge" data-status=${round.status} data-testid="round-status"
          >${round.status === 'open' ? 'Open' : 'Closed'}</span
        >
        ${round.blind ? html`<span class="badge">Blind</span>` : nothing}
        ${round.recode ? html`<span class="badge" data-testid="round-recode">Recode</span>` : nothing}
        <span class="spacer"></span>
        ${
          figures
            ? html`<button
                type="button"
                aria-expanded=${String(report !== undefined)}
                @click=${() => void this.toggleReport(round)}
              >
                ${report === undefined ? 'Show agreement' : 'Hide agreement'}
              </button>`
            : nothing
        }
        ${
          review && round.status === 'open'
            ? html`<button type="button" @click=${() => (this.confirmClose = round.id)}>Close round…</button>`
            : nothing
        }
      </div>
      ${
        figures
          ? nothing
          : html`<p class="muted" role="note" data-testid="figures-hidden">
              Agreement figures are hidden from coders while a blind round is open, so that nobody’s coding is
              steered by them. They show here once the round closes.
            </p>`
      }
      <dl class="facts">
        <dt>Started</dt>
        <dd>${formatDate(round.startedAt)}${round.startedBy ? ` by ${this.name(round.startedBy)}` : ''}</dd>
        ${
          round.closedAt
            ? html`<dt>Closed</dt>
                <dd>${formatDate(round.closedAt)}</dd>`
            : nothing
        }
        <dt>Coders</dt>
        <dd data-testid="round-coders">${round.coders.map(this.name).join(', ')}</dd>
        <dt>Codebook</dt>
        <dd>
          version
          ${round.codebookVersion}${round.closedCodebookVersion ? ` at the start, ${round.closedCodebookVersion} at the close` : ''}
        </dd>
        <dt>Documents</dt>
        <dd>
          <details>
            <summary data-testid="round-document-count">
              ${round.documents.length} document${round.documents.length === 1 ? '' : 's'}
            </summary>
            <ul class="docs" data-testid="round-documents">
              ${round.documents.map((d) => html`<li><a href="/projects/${round.projectId}/documents/${d}">${this.docTitle(d)}</a></li>`)}
            </ul>
          </details>
          <span class="muted" data-testid="round-sample">${this.sampleText(round)}</span>
        </dd>
        ${
          round.codedBefore.length > 0
            ? html`<dt>Coded before</dt>
                <dd data-testid="round-coded-before">
                  ${round.codedBefore.map(this.docTitle).join(', ')}: already coded when the round
                  started${round.blind ? ', so not coded blind' : ''}.
                </dd>`
            : nothing
        }
      </dl>
      ${
        this.confirmClose === round.id
          ? html`<section
              class="confirm"
              role="alertdialog"
              aria-labelledby="close-${round.id}"
              data-testid="confirm-close"
            >
              <h4 id="close-${round.id}">Close “${round.name}”?</h4>
              <p>
                Its agreement is computed now and frozen: later coding does not change this round's figures. A
                codebook version is recorded${round.blind ? ', and the round’s blindness ends with it' : ''}.
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  ?disabled=${this.busy}
                  @click=${() => void this.close(round)}
                >
                  Close the round
                </button>
                <button type="button" @click=${() => (this.confirmClose = null)}>Cancel</button>
              </div>
            </section>`
          : nothing
      }
      ${report === undefined ? nothing : this.reportView(report)}
      ${
        report !== undefined && report !== 'loading' && round.status === 'open'
          ? html`<div>
              <button type="button" @click=${() => void this.readReport(round)}>
                Recompute the live figures
              </button>
            </div>`
          : nothing
      }
    </li>`;
  }

  private reportView(report: LoadedReport | 'loading' | string) {
    if (report === 'loading') return html`<p class="muted">Computing…</p>`;
    if (typeof report === 'string') return html`<p class="error" role="alert">${report}</p>`;
    if (!report.agreement)
      return html`<p class="muted" role="note" data-testid="report-withheld">
        ${report.round.agreementWithheld ?? 'No agreement figures for this round.'}
      </p>`;
    return html`<cc-round-report
      data-testid="round-report"
      .report=${report.agreement.report}
      .intraCoder=${report.agreement.intraCoder ?? null}
      .names=${new Map((this.project.state?.members ?? []).map((m) => [m.userId, m.name]))}
      .closedAt=${report.round.status === 'closed' ? report.round.closedAt : null}
    ></cc-round-report>`;
  }
}
