import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import type { Case, Document } from '../../../../shared/schemas.ts';
import * as casesApi from './cases.api.ts';
import styles from './case-panel.styles.ts';

/** What changed, for the table to read the cases again and the page to say so. */
export interface CasesChangedDetail {
  message: string;
}

/** A case form being filled in: a new case (`caseId` null) or one being edited. */
interface Draft {
  caseId: string | null;
  name: string;
  documentIds: readonly string[];
  error: string | null;
}

const EMPTY: Draft = { caseId: null, name: '', documentIds: [], error: null };

/**
 * A project's cases (participants, sites, …): each with its documents; owners and reviewers create
 * a case from a name and documents picked in a multi-select, change its name or documents, and
 * delete it (its documents stay). Changes go to the server; the panel then fires
 * `cc-cases-changed`.
 */
export class CcCasePanel extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    documents: { attribute: false },
    cases: { attribute: false },
    canManage: { attribute: false },
    draft: { state: true },
    editing: { state: true },
    error: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare documents: readonly Document[];
  declare cases: readonly Case[];
  declare canManage: boolean;
  /** The new case's form. */
  declare draft: Draft;
  /** The form of the case being edited, if any. */
  declare editing: Draft | null;
  /** Why a deletion failed. */
  declare error: string | null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.documents = [];
    this.cases = [];
    this.canManage = false;
    this.draft = EMPTY;
    this.editing = null;
    this.error = null;
  }

  private changed(message: string): void {
    this.dispatchEvent(
      new CustomEvent<CasesChangedDetail>('cc-cases-changed', {
        detail: { message },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private failure(err: unknown, field: string): string {
    if (!(err instanceof ApiError)) return 'The case could not be saved.';
    return err.fieldMessage(field) ?? err.message;
  }

  private async save(draft: Draft): Promise<void> {
    const { context, projectId } = this;
    if (!context || projectId === null) return;
    const name = draft.name.trim();
    const set = (next: Draft) => (draft.caseId === null ? (this.draft = next) : (this.editing = next));
    if (name === '') {
      set({ ...draft, error: 'Give the case a name, such as “Participant 3” or “Site B”.' });
      return;
    }
    try {
      if (draft.caseId === null) {
        await casesApi.createCase(context.api, projectId, { name, documentIds: [...draft.documentIds] });
        this.draft = EMPTY;
        this.changed(`Created the case “${name}”.`);
      } else {
        await casesApi.updateCase(context.api, projectId, draft.caseId, {
          name,
          documentIds: [...draft.documentIds],
        });
        this.editing = null;
        this.changed(`Saved the case “${name}”.`);
      }
    } catch (err) {
      set({ ...draft, error: this.failure(err, 'name') });
    }
  }

  private async deleteCase(c: Case): Promise<void> {
    const { context, projectId } = this;
    if (!context || projectId === null) return;
    try {
      await casesApi.deleteCase(context.api, projectId, c.id);
      this.error = null;
      this.changed(`Deleted the case “${c.name}”; its documents stay.`);
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The case could not be deleted.';
    }
  }

  override render() {
    const titles = new Map(this.documents.map((d) => [d.id, d.title]));
    return html`<section aria-labelledby="cases-title" data-testid="cases">
      <h3 id="cases-title">Cases</h3>
      ${
        this.cases.length === 0
          ? html`<p class="muted">
              No cases yet. A case groups the documents of one participant, site or other unit of
              analysis${this.canManage ? '' : '; owners and reviewers create them'}.
            </p>`
          : html`<ul class="cases">
              ${this.cases.map((c) =>
                this.editing?.caseId === c.id
                  ? html`<li data-case=${c.id}>${this.renderForm(this.editing)}</li>`
                  : html`<li data-case=${c.id}>
                      <strong>${c.name}</strong>
                      <span class="documents muted">
                        — ${c.documentIds.length}
                        ${c.documentIds.length === 1 ? 'document' : 'documents'}${
                          c.documentIds.length > 0 ? ': ' : ''
                        }${c.documentIds.map((id) => titles.get(id) ?? id).join(', ')}</span
                      >
                      ${
                        this.canManage
                          ? html`<span class="actions">
                              <button
                                type="button"
                                aria-label="Edit case ${c.name}"
                                @click=${() =>
                                  (this.editing = {
                                    caseId: c.id,
                                    name: c.name,
                                    documentIds: c.documentIds,
                                    error: null,
                                  })}
                              >
                                Edit
                              </button>
                              <button
                                type="button"
                                class="danger"
                                aria-label="Delete case ${c.name}"
                                @click=${() => void this.deleteCase(c)}
                              >
                                Delete
                              </button>
                            </span>`
                          : nothing
                      }
                    </li>`,
              )}
            </ul>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.canManage ? this.renderForm(this.draft) : nothing}
    </section>`;
  }

  private renderForm(draft: Draft) {
    const isNew = draft.caseId === null;
    const id = isNew ? 'new-case' : `case-${draft.caseId}`;
    const update = (next: Partial<Draft>) => {
      const merged = { ...draft, ...next, error: null };
      if (isNew) this.draft = merged;
      else this.editing = merged;
    };
    return html`<form
      data-testid=${isNew ? 'new-case' : 'edit-case'}
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.save(draft);
      }}
    >
      <label
        >${isNew ? 'New case' : 'Case name'}
        <input
          name="name"
          data-testid="case-name"
          maxlength="200"
          placeholder="e.g. Participant 3, Site B"
          .value=${draft.name}
          aria-invalid=${draft.error ? 'true' : 'false'}
          aria-describedby="${id}-error"
          @input=${(e: Event) => update({ name: (e.target as HTMLInputElement).value })}
      /></label>
      <label
        >Documents
        <select
          multiple
          data-testid="case-documents"
          size=${Math.min(6, Math.max(2, this.documents.length))}
          @change=${(e: Event) =>
            update({
              documentIds: [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value),
            })}
        >
          ${this.documents.map(
            (d) =>
              html`<option value=${d.id} ?selected=${draft.documentIds.includes(d.id)}>${d.title}</option>`,
          )}
        </select></label
      >
      <button type="submit" class="primary">${isNew ? 'Create case' : 'Save'}</button>
      ${isNew ? nothing : html`<button type="button" @click=${() => (this.editing = null)}>Cancel</button>`}
      ${draft.error ? html`<p id="${id}-error" class="error field-error" role="alert">${draft.error}</p>` : nothing}
    </form>`;
  }
}
