import { LitElement, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../../api/ApiClient.ts';
import { AssignmentsViewSchema, type AssignmentsView, type Round } from '../../api/roundsSchemas.ts';
import type { Member } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { newSeed, workloadRows, type PriorCoding } from '../../model/rounds.ts';
import type { Document } from '../../../../shared/schemas.ts';
import styles from './assignments.styles.ts';

/**
 * Assignments, for owners and reviewers: the documents outside every round's sample split evenly
 * (and reproducibly, by a seed) between chosen coders; each document's coders editable; each
 * coder's workload and progress (assigned, and of those marked done).
 */
export class CcAssignments extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    members: { attribute: false },
    documents: { attribute: false },
    rounds: { attribute: false },
    prior: { attribute: false },
    view: { state: true },
    draft: { state: true },
    splitCoders: { state: true },
    seed: { state: true },
    message: { state: true },
    seedError: { state: true },
    codersError: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare members: readonly Member[];
  declare documents: readonly Document[];
  declare rounds: readonly Round[];
  /** Who has already coded or marked done which document (`GET …/rounds/prior-coding`). */
  declare prior: PriorCoding;
  declare view: AssignmentsView | null;
  /** Coders per document as edited, not yet saved; null when nothing changed. */
  declare draft: Map<string, string[]> | null;
  declare splitCoders: string[];
  declare seed: string;
  declare message: string | null;
  declare seedError: string | null;
  declare codersError: string | null;
  private loadedFor: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.members = [];
    this.documents = [];
    this.rounds = [];
    this.prior = [];
    this.view = null;
    this.draft = null;
    this.splitCoders = [];
    this.seed = String(newSeed(Math.random));
    this.message = null;
    this.seedError = null;
    this.codersError = null;
  }

  override updated(): void {
    if (this.context && this.projectId && this.loadedFor !== this.projectId) {
      this.loadedFor = this.projectId;
      this.splitCoders = this.members.filter((m) => m.role === 'coder').map((m) => m.userId);
      void this.load();
    }
  }

  private get url(): string {
    return `/api/projects/${this.projectId ?? ''}/assignments`;
  }

  private async load(): Promise<void> {
    if (!this.context) return;
    try {
      this.view = await this.context.api.get(this.url, AssignmentsViewSchema);
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The assignments could not be loaded.';
    }
  }

  private name = (id: string) => this.members.find((m) => m.userId === id)?.name ?? id;

  /**
   * What a split deals out, as the server does: documents in no round and not already
   * double-coded (two coders have coded or marked them done).
   */
  private get remaining(): Document[] {
    const sampled = new Set(this.rounds.flatMap((r) => r.documents));
    const doubleCoded = new Set(this.prior.filter((p) => p.coders.length >= 2).map((p) => p.documentId));
    return this.documents.filter((d) => !sampled.has(d.id) && !doubleCoded.has(d.id));
  }

  private async split(): Promise<void> {
    if (!this.context) return;
    const seed = Number(this.seed);
    this.seedError =
      this.seed.trim() === '' || !Number.isSafeInteger(seed) ? 'The seed is a whole number.' : null;
    this.codersError = this.splitCoders.length === 0 ? 'Choose at least one coder.' : null;
    if (this.seedError || this.codersError) return;
    try {
      this.view = await this.context.api.post(
        `${this.url}/split`,
        { coders: this.splitCoders, seed },
        AssignmentsViewSchema,
      );
      this.draft = null;
      this.message = `Split ${this.remaining.length} documents between ${this.splitCoders.length} coders (seed ${seed}).`;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The documents could not be split.';
    }
  }

  private codersOf(documentId: string): string[] {
    return (
      this.draft?.get(documentId) ??
      this.view?.assignments.find((a) => a.documentId === documentId)?.coders ??
      []
    );
  }

  private setCoder(documentId: string, coderId: string, on: boolean): void {
    const draft = new Map(
      this.draft ?? this.view?.assignments.map((a) => [a.documentId, [...a.coders]]) ?? [],
    );
    const coders = (draft.get(documentId) ?? []).filter((c) => c !== coderId);
    draft.set(documentId, on ? [...coders, coderId] : coders);
    this.draft = draft;
  }

  private async save(): Promise<void> {
    if (!this.context || !this.draft) return;
    const assignments = [...this.draft]
      .filter(([, coders]) => coders.length > 0)
      .map(([documentId, coders]) => ({ documentId, coders }));
    try {
      this.view = await this.context.api.put(this.url, { assignments }, AssignmentsViewSchema);
      this.draft = null;
      this.message = 'Assignments saved.';
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The assignments could not be saved.';
    }
  }

  override render() {
    const coders = this.members.filter((m) => m.role !== 'viewer');
    const workload = workloadRows(this.view?.workload ?? [], this.name);
    return html`<section class="card" aria-labelledby="assign-title">
      <h2 id="assign-title">Assignments</h2>
      <p class="muted lead">
        After the reliability rounds, the remaining documents are shared out: each is coded by the coders
        assigned to it. Assignments do not change what anyone may open.
      </p>
      ${this.message ? html`<p role="status" data-testid="assignments-message">${this.message}</p>` : nothing}
      <div class="split" role="group" aria-labelledby="split-title">
        <h3 id="split-title">Split the remaining ${this.remaining.length} documents</h3>
        <fieldset aria-describedby="split-coders-error">
          <legend>Between</legend>
          ${coders.map(
            (m) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  .checked=${this.splitCoders.includes(m.userId)}
                  @change=${(e: Event) => {
                    const rest = this.splitCoders.filter((c) => c !== m.userId);
                    this.splitCoders = (e.target as HTMLInputElement).checked ? [...rest, m.userId] : rest;
                    this.codersError = null;
                  }}
                />
                ${m.name}</label
              >`,
          )}
        </fieldset>
        ${this.codersError ? html`<p class="error" id="split-coders-error" role="alert">${this.codersError}</p>` : nothing}
        <div class="inline">
          <label
            >Seed
            <input
              inputmode="numeric"
              .value=${live(this.seed)}
              aria-invalid=${this.seedError ? 'true' : 'false'}
              aria-describedby="split-seed-error"
              @input=${(e: Event) => {
                this.seed = (e.target as HTMLInputElement).value;
                this.seedError = null;
              }}
          /></label>
          <button type="button" @click=${() => (this.seed = String(newSeed(Math.random)))}>New seed</button>
          <button type="button" class="primary" @click=${() => void this.split()}>Split evenly</button>
        </div>
        ${this.seedError ? html`<p class="error" id="split-seed-error" role="alert">${this.seedError}</p>` : nothing}
      </div>
      <h3>Workload</h3>
      ${
        workload.length === 0
          ? html`<p class="muted">Nothing assigned yet.</p>`
          : html`<div class="scroll">
              <table data-testid="workload">
                <thead>
                  <tr>
                    <th scope="col">Coder</th>
                    <th scope="col" class="num">Assigned</th>
                    <th scope="col" class="num">Done</th>
                    <th scope="col">Progress</th>
                  </tr>
                </thead>
                <tbody>
                  ${workload.map(
                    (w) =>
                      html`<tr data-coder=${w.coderId}>
                        <td>${w.name}</td>
                        <td class="num" data-testid="assigned">${w.assigned}</td>
                        <td class="num" data-testid="done">${w.done}</td>
                        <td>
                          <span class="bar" role="img" aria-label="${Math.round(w.share * 100)}% done"
                            ><span style="width:${Math.round(w.share * 100)}%"></span
                          ></span>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <h3>Coders per document</h3>
      <div class="scroll">
        <table data-testid="assignment-table">
          <thead>
            <tr>
              <th scope="col">Document</th>
              ${coders.map((c) => html`<th scope="col">${c.name}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${this.documents.map(
              (d) =>
                html`<tr data-document=${d.id}>
                  <th scope="row">${d.title}</th>
                  ${coders.map(
                    (c) =>
                      html`<td>
                        <input
                          type="checkbox"
                          aria-label="${c.name} codes ${d.title}"
                          .checked=${this.codersOf(d.id).includes(c.userId)}
                          @change=${(e: Event) => this.setCoder(d.id, c.userId, (e.target as HTMLInputElement).checked)}
                        />
                      </td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="inline">
        <button type="button" class="primary" ?disabled=${!this.draft} @click=${() => void this.save()}>
          Save assignments
        </button>
        ${this.draft ? html`<button type="button" @click=${() => (this.draft = null)}>Discard changes</button>` : nothing}
      </div>
    </section>`;
  }
}
