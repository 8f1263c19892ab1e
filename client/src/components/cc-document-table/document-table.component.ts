import { LitElement, html, nothing } from 'lit';
import { attributeValue } from '../../../../shared/model/attributes.ts';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import {
  attributeNames,
  compactProgress,
  addedFormatter,
  filterDocuments,
  progressLabel,
  sortDocuments,
  withAttribute,
  type DocumentFilter,
  type DocumentSort,
  type DocumentSortKey,
  type ProgressByDocument,
} from '../../model/documentTable.ts';
import type { CoderProgress } from '../../model/progress.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import { DocumentSchema, type Case, type Document } from '../../../../shared/schemas.ts';
import {
  ATTRIBUTE_TYPES,
  normalizeValue,
  type AttributeType,
} from '../../../../shared/model/attributeTypes.ts';
import {
  ATTRIBUTE_TYPE_LABELS,
  filterByAttribute,
  filterByCase,
  parseSortChoice,
  sortByAttribute,
  sortChoices,
  sortChoiceValue,
  sortMark,
  typedValues,
  type AttributeSort,
  type AttributeTypes,
} from '../../model/typedDocuments.ts';
import { loadCases, saveAttributeType } from '../cc-case-panel/cases.api.ts';
import '../cc-case-panel/case-panel.ts';
import styles from './document-table.styles.ts';

/** What changed, for the page to reload its documents and say so. */
export interface DocumentsChangedDetail {
  message: string;
}

/** An attribute name being added as a column: what was typed, and why it was refused. */
interface NewColumn {
  name: string;
  error: string | null;
}

/** The widest a text attribute's field grows, in characters: wider values scroll inside it. */
const ATTRIBUTE_FIELD_CHARS = 24;

const SORT_LABELS: Record<DocumentSortKey, string> = {
  title: 'Title',
  added: 'Date added',
  progress: 'Progress',
};

/**
 * A project's documents as a table: each coder's progress (labelled bars), sorting by title, date
 * added or one coder's progress, filtering by text and by one attribute, and — for owners and
 * reviewers — renaming, deleting (after a confirmation naming what is lost) and editing the
 * attributes, one column per attribute name. Changes go to the server; the table then fires
 * `cc-documents-changed` so the page reads the documents again.
 */
export class CcDocumentTable extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    documents: { attribute: false },
    progress: { attribute: false },
    coders: { attribute: false },
    coderNames: { attribute: false },
    canManage: { attribute: false },
    sort: { state: true },
    filter: { state: true },
    renaming: { state: true },
    renameError: { state: true },
    deleting: { state: true },
    deleteError: { state: true },
    showAttributes: { state: true },
    addedColumns: { state: true },
    newColumn: { state: true },
    cellErrors: { state: true },
    attributeTypes: { state: true },
    cases: { state: true },
    attributeSort: { state: true },
    caseFilter: { state: true },
    typeErrors: { state: true },
  };
  declare context: AppContext | null;
  declare documents: readonly Document[];
  /** Progress per document id, per coder (absent: not read yet). */
  declare progress: ProgressByDocument;
  /** The layers whose progress is shown, in column order (coder ids and the consensus). */
  declare coders: readonly string[];
  declare coderNames: ReadonlyMap<string, string>;
  /** Owners and reviewers: rename, delete, edit attributes. */
  declare canManage: boolean;
  declare sort: DocumentSort;
  declare filter: DocumentFilter;
  /** The document whose title is being edited. */
  declare renaming: string | null;
  declare renameError: string | null;
  /** The document whose deletion waits for confirmation. */
  declare deleting: Document | null;
  declare deleteError: string | null;
  declare showAttributes: boolean;
  /** Attribute columns added here that no document has a value for yet. */
  declare addedColumns: readonly string[];
  declare newColumn: NewColumn;
  /** Why saving a cell failed, by `documentId\u0000attribute`. */
  declare cellErrors: ReadonlyMap<string, string>;
  /** The project's attribute types (docs/cases.md); undeclared attributes are text. */
  declare attributeTypes: AttributeTypes;
  declare cases: readonly Case[];
  /** Sorting by an attribute column, which takes over from `sort` while set. */
  declare attributeSort: AttributeSort | null;
  /** Only the documents of this case (null: all). */
  declare caseFilter: string | null;
  /** Why changing a column's type failed, by attribute name. */
  declare typeErrors: ReadonlyMap<string, string>;
  /** Formats the "added" column; one formatter for every row and render. */
  private readonly formatAdded = addedFormatter();

  constructor() {
    super();
    this.context = null;
    this.documents = [];
    this.progress = new Map();
    this.coders = [];
    this.coderNames = new Map();
    this.canManage = false;
    this.sort = { key: 'added', ascending: true, coder: null };
    this.filter = { text: '', attribute: null };
    this.renaming = null;
    this.renameError = null;
    this.deleting = null;
    this.deleteError = null;
    this.showAttributes = false;
    this.addedColumns = [];
    this.newColumn = { name: '', error: null };
    this.cellErrors = new Map();
    this.attributeTypes = new Map();
    this.cases = [];
    this.attributeSort = null;
    this.caseFilter = null;
    this.typeErrors = new Map();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Types and cases are read again whenever the page reads the documents again.
    if (changed.has('documents') || changed.has('context')) void this.loadCases();
  }

  private projectId(): string | null {
    return this.documents[0]?.projectId ?? null;
  }

  private async loadCases(): Promise<void> {
    const projectId = this.projectId();
    if (!this.context || projectId === null) return;
    try {
      const { types, cases } = await loadCases(this.context.api, projectId);
      this.attributeTypes = types;
      this.cases = cases;
    } catch {
      // The table still works untyped; the next reload tries again.
    }
  }

  private async setType(name: string, type: AttributeType, menu: HTMLSelectElement): Promise<void> {
    const projectId = this.projectId();
    if (!this.context || projectId === null) return;
    const errors = new Map(this.typeErrors);
    try {
      await saveAttributeType(this.context.api, projectId, name, type);
      errors.delete(name);
      this.typeErrors = errors;
      this.changed(`“${name}” now holds ${type === 'text' ? 'text' : `${type}s`}.`);
    } catch (err) {
      errors.set(name, err instanceof ApiError ? err.message : 'The type could not be changed.');
      this.typeErrors = errors;
      // The menu shows the type the column still has (the bound value did not change, so set it).
      menu.value = this.attributeTypes.get(name) ?? 'text';
    }
  }

  /** Whose progress sorts: the chosen coder, else the user's own layer, else the first shown. */
  private sortCoder(): string | null {
    const chosen = this.sort.coder;
    if (chosen !== null && this.coders.includes(chosen)) return chosen;
    const me = this.context?.user.id;
    return me !== undefined && this.coders.includes(me) ? me : (this.coders[0] ?? null);
  }

  private coderName(coder: string): string {
    if (coder === CONSENSUS) return 'Consensus';
    if (coder === this.context?.user.id) return `${this.coderNames.get(coder) ?? 'You'} (you)`;
    return this.coderNames.get(coder) ?? coder;
  }

  private changed(message: string): void {
    this.dispatchEvent(
      new CustomEvent<DocumentsChangedDetail>('cc-documents-changed', {
        detail: { message },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private path(d: Document): string {
    return `/api/projects/${d.projectId}/documents/${d.id}`;
  }

  private async rename(d: Document, title: string): Promise<void> {
    if (!this.context) return;
    if (title.trim() === '') {
      this.renameError = 'Give the document a title.';
      return;
    }
    try {
      await this.context.api.patch(this.path(d), { title }, DocumentSchema);
      this.renaming = null;
      this.renameError = null;
      this.changed(`Renamed “${d.title}” to “${title.trim()}”.`);
    } catch (err) {
      this.renameError =
        err instanceof ApiError
          ? (err.fieldMessage('title') ?? err.message)
          : 'The title could not be saved.';
    }
  }

  private async deleteDocument(d: Document): Promise<void> {
    if (!this.context) return;
    try {
      await this.context.api.send('DELETE', this.path(d));
      this.deleting = null;
      this.deleteError = null;
      this.changed(`Deleted “${d.title}” with its codings.`);
    } catch (err) {
      this.deleteError = err instanceof ApiError ? err.message : 'The document could not be deleted.';
    }
  }

  private async saveAttribute(d: Document, name: string, value: string): Promise<void> {
    if (!this.context || (attributeValue(d.attributes, name) ?? '') === value) return;
    const key = `${d.id}\u0000${name}`;
    const errors = new Map(this.cellErrors);
    try {
      await this.context.api.patch(
        this.path(d),
        { attributes: withAttribute(d.attributes, name, value) },
        DocumentSchema,
      );
      errors.delete(key);
      this.cellErrors = errors;
      this.changed(`Saved ${name} of “${d.title}”.`);
    } catch (err) {
      errors.set(key, err instanceof ApiError ? err.message : 'This value could not be saved.');
      this.cellErrors = errors;
    }
  }

  private addColumn(e: SubmitEvent, existing: readonly string[]): void {
    e.preventDefault();
    const name = this.newColumn.name.trim();
    if (name === '') this.newColumn = { name, error: 'Give the attribute a name, such as “site”.' };
    else if (name.length > 100)
      this.newColumn = { name, error: 'An attribute name holds at most 100 characters.' };
    else if (existing.includes(name))
      this.newColumn = { name, error: `There is already a column “${name}”.` };
    else {
      this.addedColumns = [...this.addedColumns, name];
      this.newColumn = { name: '', error: null };
    }
  }

  override render() {
    const names = attributeNames(this.documents);
    const columns = [...names, ...this.addedColumns.filter((c) => !names.includes(c))];
    const coder = this.sortCoder();
    let filtered = filterDocuments(this.documents, { ...this.filter, attribute: null });
    if (this.filter.attribute)
      filtered = filterByAttribute(filtered, this.filter.attribute, this.attributeTypes);
    filtered = filterByCase(filtered, this.cases, this.caseFilter);
    const rows = this.attributeSort
      ? sortByAttribute(filtered, this.attributeSort, this.attributeTypes)
      : sortDocuments(filtered, { ...this.sort, coder }, this.progress);
    return html`
      ${this.deleting ? this.renderConfirm(this.deleting) : nothing} ${this.renderControls(names, coder)}
      <div class="scroll" role="region" aria-label="Documents table" tabindex="0">
        <table data-testid="documents">
          <thead>
            <tr>
              <th scope="col">${this.sortHeader('title')}</th>
              <th scope="col">${this.sortHeader('added')}</th>
              ${this.coders.map((c) => html`<th scope="col">${this.coderName(c)}</th>`)}
              ${this.showAttributes ? columns.map((a) => this.renderAttributeHeader(a)) : nothing}
              ${this.canManage ? html`<th scope="col" class="actions"><span class="visually-hidden">Actions</span></th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${rows.map((d) => this.renderRow(d, columns))}
          </tbody>
        </table>
      </div>
      ${
        rows.length === 0
          ? html`<p class="muted" data-testid="no-match">No document matches the filter.</p>`
          : nothing
      }
      ${this.showAttributes && this.canManage ? this.renderAddColumn(columns) : nothing}
      <cc-case-panel
        .context=${this.context}
        .projectId=${this.projectId()}
        .documents=${this.documents}
        .cases=${this.cases}
        .canManage=${this.canManage}
        @cc-cases-changed=${(e: CustomEvent<DocumentsChangedDetail>) => {
          void this.loadCases();
          this.changed(e.detail.message);
        }}
      ></cc-case-panel>
    `;
  }

  private sortHeader(key: DocumentSortKey) {
    // While an attribute column sorts the table, this column does not, whatever `sort` remembers.
    const active = this.attributeSort === null && this.sort.key === key;
    return html`<button
      type="button"
      class="sort"
      aria-label="Sort by ${SORT_LABELS[key].toLowerCase()}${active ? (this.sort.ascending ? ', now ascending' : ', now descending') : ''}"
      @click=${() => {
        this.attributeSort = null;
        this.sort = { ...this.sort, key, ascending: active ? !this.sort.ascending : true };
      }}
    >
      ${SORT_LABELS[key]}${sortMark(active, this.sort.ascending)}
    </button>`;
  }

  private renderControls(names: readonly string[], coder: string | null) {
    const attribute = this.filter.attribute;
    const values = attribute ? typedValues(this.documents, attribute.name, this.attributeTypes) : [];
    const ascending = this.attributeSort?.ascending ?? this.sort.ascending;
    const chosen = sortChoiceValue(this.sort.key, this.attributeSort);
    return html`<div class="controls" data-testid="document-controls">
      <label
        >Filter
        <input
          type="search"
          data-testid="document-filter"
          placeholder="Title or attribute"
          .value=${this.filter.text}
          @input=${(e: Event) => (this.filter = { ...this.filter, text: (e.target as HTMLInputElement).value })}
      /></label>
      ${
        names.length > 0
          ? html`<label
                >Attribute
                <select
                  aria-label="Attribute"
                  data-testid="attribute-filter-name"
                  @change=${(e: Event) => {
                    const name = (e.target as HTMLSelectElement).value;
                    // Choosing an attribute narrows nothing yet: its value starts at "any value".
                    this.filter = { ...this.filter, attribute: name === '' ? null : { name, value: null } };
                  }}
                >
                  <option value="" ?selected=${!attribute}>any</option>
                  ${names.map((n) => html`<option value=${n} ?selected=${attribute?.name === n}>${n}</option>`)}
                </select></label
              >
              ${
                attribute
                  ? html`<label
                      >is
                      <select
                        aria-label="Attribute value"
                        data-testid="attribute-filter-value"
                        @change=${(e: Event) => {
                          const value = (e.target as HTMLSelectElement).value;
                          this.filter = {
                            ...this.filter,
                            attribute: { name: attribute.name, value: value === '' ? null : value },
                          };
                        }}
                      >
                        <option value="" ?selected=${attribute.value === null}>any value</option>
                        ${values.map((v) => html`<option value=${v} ?selected=${attribute.value === v}>${v}</option>`)}
                      </select></label
                    >`
                  : nothing
              }`
          : nothing
      }
      ${
        this.cases.length > 0
          ? html`<label
              >Case
              <select
                aria-label="Case"
                data-testid="case-filter"
                @change=${(e: Event) => {
                  const id = (e.target as HTMLSelectElement).value;
                  this.caseFilter = id === '' ? null : id;
                }}
              >
                <option value="" ?selected=${this.caseFilter === null}>any</option>
                ${this.cases.map((c) => html`<option value=${c.id} ?selected=${this.caseFilter === c.id}>${c.name}</option>`)}
              </select></label
            >`
          : nothing
      }
      <label
        >Sort by
        <select
          aria-label="Sort by"
          data-testid="document-sort"
          @change=${(e: Event) => {
            const choice = parseSortChoice<DocumentSortKey>((e.target as HTMLSelectElement).value);
            if (choice.kind === 'attribute') {
              this.attributeSort = { name: choice.name, ascending: this.attributeSort?.ascending ?? true };
            } else {
              this.attributeSort = null;
              this.sort = { ...this.sort, key: choice.key };
            }
          }}
        >
          ${sortChoices(SORT_LABELS, names, this.attributeSort).map(
            (c) =>
              html`<option value=${c.value} ?selected=${c.value === chosen} .selected=${c.value === chosen}>
                ${c.label}
              </option>`,
          )}
        </select></label
      >
      ${
        this.attributeSort === null && this.sort.key === 'progress' && this.coders.length > 0
          ? html`<label
              >of
              <select
                aria-label="Progress of coder"
                data-testid="sort-coder"
                @change=${(e: Event) => (this.sort = { ...this.sort, coder: (e.target as HTMLSelectElement).value })}
              >
                ${this.coders.map((c) => html`<option value=${c} ?selected=${coder === c}>${this.coderName(c)}</option>`)}
              </select></label
            >`
          : nothing
      }
      <button
        type="button"
        data-testid="sort-direction"
        aria-label=${ascending ? 'Ascending; switch to descending' : 'Descending; switch to ascending'}
        @click=${() => {
          // While an attribute column sorts the table, the direction is that column's.
          if (this.attributeSort) this.attributeSort = { ...this.attributeSort, ascending: !ascending };
          else this.sort = { ...this.sort, ascending: !this.sort.ascending };
        }}
      >
        ${ascending ? '▲ Ascending' : '▼ Descending'}
      </button>
      <button
        type="button"
        data-testid="toggle-attributes"
        aria-pressed=${String(this.showAttributes)}
        @click=${() => (this.showAttributes = !this.showAttributes)}
      >
        ${this.showAttributes ? 'Hide attributes' : 'Show attributes'}
      </button>
    </div>`;
  }

  private renderRow(d: Document, columns: readonly string[]) {
    const progress = this.progress.get(d.id);
    return html`<tr data-document=${d.id}>
      <td class="title">
        ${this.renaming === d.id ? this.renderRenameForm(d) : html`<a href="/projects/${d.projectId}/documents/${d.id}">${d.title}</a>`}
      </td>
      <td class="added">
        <time datetime=${d.createdAt}>${this.formatAdded(d.createdAt)}</time>
      </td>
      ${this.coders.map((c) =>
        this.renderProgress(
          d,
          c,
          progress?.find((p) => p.coder === c),
        ),
      )}
      ${this.showAttributes ? columns.map((a) => this.renderAttribute(d, a)) : nothing}
      ${
        this.canManage
          ? html`<td class="actions">
              <button
                type="button"
                data-testid="rename"
                aria-label="Rename ${d.title}"
                @click=${() => {
                  this.renaming = d.id;
                  this.renameError = null;
                }}
              >
                Rename
              </button>
              <button
                type="button"
                class="danger"
                data-testid="delete"
                aria-label="Delete ${d.title}…"
                @click=${() => {
                  this.deleting = d;
                  this.deleteError = null;
                }}
              >
                Delete…
              </button>
            </td>`
          : nothing
      }
    </tr>`;
  }

  private renderProgress(d: Document, coder: string, p: CoderProgress | undefined) {
    if (!p) return html`<td class="progress muted">…</td>`;
    const pct = Math.round(p.coverage * 100);
    const label = progressLabel(p);
    return html`<td class="progress" data-coder=${coder}>
      <span
        class="bar"
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${pct}
        aria-label="${this.coderName(coder)} on ${d.title}: ${label}"
        ><span style="width:${pct}%"></span></span
      ><span class=${p.done ? 'label done' : 'label'} title=${label} aria-hidden="true"
        >${compactProgress(p)}</span
      >
    </td>`;
  }

  private renderRenameForm(d: Document) {
    const inputId = `rename-${d.id}`;
    return html`<form
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const input = (e.target as HTMLFormElement).elements.namedItem('title') as HTMLInputElement;
        void this.rename(d, input.value);
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.renaming = null;
      }}
    >
      <label class="visually-hidden" for=${inputId}>New title for ${d.title}</label>
      <input
        id=${inputId}
        name="title"
        data-testid="rename-input"
        maxlength="500"
        .value=${d.title}
        aria-invalid=${this.renameError ? 'true' : 'false'}
        aria-describedby="${inputId}-error"
        autofocus
      />
      <button type="submit" class="primary">Save</button>
      <button type="button" @click=${() => (this.renaming = null)}>Cancel</button>
      ${this.renameError ? html`<p id="${inputId}-error" class="error field-error" role="alert">${this.renameError}</p>` : nothing}
    </form>`;
  }

  /** Ends the confirmation (Cancel, Escape) and puts the focus back on the row's Delete button. */
  private closeConfirm(d: Document): void {
    if (this.deleting?.id !== d.id) return;
    this.deleting = null;
    this.renderRoot
      .querySelector<HTMLButtonElement>(`tr[data-document="${d.id}"] [data-testid="delete"]`)
      ?.focus();
  }

  override updated(): void {
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog[data-testid="confirm-delete"]');
    if (dialog && !dialog.open) dialog.showModal();
    // The rename field takes the focus when it opens, so typing goes straight into it.
    const input = this.renderRoot.querySelector<HTMLInputElement>('[data-testid="rename-input"]');
    if (input && input.dataset.focused !== 'true') {
      input.dataset.focused = 'true';
      input.focus();
      input.select();
    }
  }

  /** An attribute column's header: sorts by it (as its type orders); owners and reviewers pick its type. */
  private renderAttributeHeader(name: string) {
    const type = this.attributeTypes.get(name) ?? 'text';
    const active = this.attributeSort?.name === name;
    const ascending = this.attributeSort?.ascending ?? true;
    const error = this.typeErrors.get(name);
    const errorId = `type-error-${encodeURIComponent(name)}`;
    return html`<th scope="col" data-attribute=${name}>
      <button
        type="button"
        class="sort"
        data-testid="sort-attribute"
        aria-label="Sort by ${name}${active ? (ascending ? ', now ascending' : ', now descending') : ''}"
        @click=${() => (this.attributeSort = { name, ascending: active ? !ascending : true })}
      >
        ${name}${sortMark(active, ascending)}
      </button>
      ${
        this.canManage
          ? html`<select
              class="type"
              data-testid="attribute-type"
              aria-label="Type of ${name}"
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${errorId}
              @change=${(e: Event) => {
                const menu = e.target as HTMLSelectElement;
                void this.setType(name, menu.value as AttributeType, menu);
              }}
            >
              ${ATTRIBUTE_TYPES.map((t) => html`<option value=${t} ?selected=${t === type} .selected=${t === type}>${ATTRIBUTE_TYPE_LABELS[t]}</option>`)}
            </select>`
          : html`<span class="muted type">${ATTRIBUTE_TYPE_LABELS[type]}</span>`
      }
      ${error ? html`<p id=${errorId} class="error field-error" role="alert" data-testid="type-error">${error}</p>` : nothing}
    </th>`;
  }

  private renderAttribute(d: Document, name: string) {
    const value = attributeValue(d.attributes, name) ?? '';
    const type = this.attributeTypes.get(name) ?? 'text';
    if (!this.canManage)
      return html`<td class="attribute" data-attribute=${name}>
        ${type === 'boolean' && value !== '' ? (value === 'true' ? 'yes' : 'no') : value}
      </td>`;
    const key = `${d.id}\u0000${name}`;
    const error = this.cellErrors.get(key);
    const errorId = `attr-error-${d.id}-${encodeURIComponent(name)}`;
    const label = `${name} of ${d.title}`;
    const save = (e: Event) =>
      void this.saveAttribute(d, name, (e.target as HTMLInputElement | HTMLSelectElement).value);
    // A value written before the column was typed, that does not fit, is shown as it is to fix.
    const fits = value === '' || normalizeValue(type, value).ok;
    let input;
    if (type === 'boolean' && fits)
      input = html`<select
        aria-label=${label}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${errorId}
        @change=${save}
      >
        <option value="" ?selected=${value === ''}>—</option>
        <option value="true" ?selected=${value === 'true'}>yes</option>
        <option value="false" ?selected=${value === 'false'}>no</option>
      </select>`;
    else if ((type === 'number' || type === 'date') && fits)
      input = html`<input
        type=${type}
        step=${type === 'number' ? 'any' : nothing}
        aria-label=${label}
        .value=${value}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${errorId}
        @change=${save}
      />`;
    else
      input = html`<input
        aria-label=${label}
        size=${Math.min(ATTRIBUTE_FIELD_CHARS, Math.max(8, value.length + 1))}
        title=${value.length + 1 > ATTRIBUTE_FIELD_CHARS ? value : nothing}
        .value=${value}
        maxlength="1000"
        aria-invalid=${error || !fits ? 'true' : 'false'}
        aria-describedby=${errorId}
        @change=${save}
      />`;
    return html`<td class="attribute" data-attribute=${name} data-type=${type}>
      ${input} ${error ? html`<p id=${errorId} class="error field-error" role="alert">${error}</p>` : nothing}
    </td>`;
  }

  private renderAddColumn(columns: readonly string[]) {
    return html`<form class="controls" @submit=${(e: SubmitEvent) => this.addColumn(e, columns)}>
      <label
        >New attribute column
        <input
          data-testid="new-attribute"
          placeholder="e.g. participant, site, role"
          maxlength="100"
          .value=${this.newColumn.name}
          aria-invalid=${this.newColumn.error ? 'true' : 'false'}
          aria-describedby="new-attribute-error"
          @input=${(e: Event) => (this.newColumn = { name: (e.target as HTMLInputElement).value, error: null })}
      /></label>
      <button type="submit">Add column</button>
      ${
        this.newColumn.error
          ? html`<p id="new-attribute-error" class="error field-error" role="alert">
              ${this.newColumn.error}
            </p>`
          : nothing
      }
    </form>`;
  }

  private renderConfirm(d: Document) {
    const progress = this.progress.get(d.id) ?? [];
    const codings = progress.filter((p) => p.coder !== CONSENSUS).reduce((n, p) => n + p.codings, 0);
    const coders = progress.filter((p) => p.coder !== CONSENSUS && p.codings > 0).length;
    const consensus = progress.find((p) => p.coder === CONSENSUS)?.codings ?? 0;
    // A modal dialog: it opens over the row that was clicked, wherever the table is scrolled,
    // takes the focus (on Cancel, the safe choice) and gives it back to the row's Delete button.
    return html`<dialog
      class="card confirm"
      role="alertdialog"
      aria-labelledby="delete-title"
      aria-describedby="delete-what"
      data-testid="confirm-delete"
      @close=${() => this.closeConfirm(d)}
    >
      <h3 id="delete-title">Delete “${d.title}”?</h3>
      <p id="delete-what">
        This removes the transcript, every coder's codings on
        it${
          progress.length > 0
            ? ` (${codings} ${codings === 1 ? 'coding' : 'codings'} by ${coders} ${coders === 1 ? 'coder' : 'coders'})`
            : ''
        }
        and the
        consensus${progress.length > 0 ? ` (${consensus} ${consensus === 1 ? 'coding' : 'codings'})` : ''},
        from the project, its agreement figures and its exports. It cannot be undone.
      </p>
      ${this.deleteError ? html`<p class="error" role="alert">${this.deleteError}</p>` : nothing}
      <div class="actions">
        <button
          type="button"
          class="danger"
          data-testid="confirm-delete-button"
          @click=${() => void this.deleteDocument(d)}
        >
          Delete the document and its codings
        </button>
        <button type="button" data-testid="cancel-delete" autofocus @click=${() => this.closeConfirm(d)}>
          Cancel
        </button>
      </div>
    </dialog>`;
  }
}
