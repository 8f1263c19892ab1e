import { TRANSCRIPT_WORDS, refusedFields } from '../../model/fieldErrors.ts';
import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError } from '../../api/ApiClient.ts';
import { CreatedSchema, DocumentsImportSchema, ProjectImportSchema } from '../../api/schemas.ts';
import { uploadFile } from '../../api/uploadFile.ts';
import type { AppContext } from '../../context.ts';
import {
  IMPORT_ACCEPT,
  describeState,
  formatBytes,
  groupUploads,
  pasteErrors,
  percentOf,
  routeFor,
  summarize,
  tally,
  type FileRow,
  type FileState,
  type ImportTarget,
  uploadsAtOnce,
} from '../../model/importFiles.ts';
import styles from './import-dialog.styles.ts';

/** Something was added: a project (on the project list) or documents (on a project's page). */
export interface ImportAddedDetail {
  projectId: string;
  /** Ids of the documents added, for a project's page. */
  documentIds: string[];
  /**
   * Files still waiting or uploading. The page behind the modal dialog may wait for 0 before
   * reading its documents again, rather than read them once per file of a large import.
   */
  pending: number;
}

/** The dialog closed; `summary` says in one sentence what the import did ('' when nothing). */
export interface ImportClosedDetail {
  summary: string;
}

type Tab = 'files' | 'paste';

/**
 * The import dialog: a button that opens a modal dialog where files are dropped or picked (every
 * format the server imports), each uploaded on its own with its progress and the server's answer
 * at its row — added, with warnings, or refused with the reason in the server's plain words. On a
 * project's page a second tab takes a pasted transcript through the same checks. On the project
 * list each .qdpx or .qdc becomes a new project. Fires `cc-import-added` after each addition and
 * `cc-import-closed` (with a summary) when closed.
 */
export class CcImportDialog extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    target: { attribute: false },
    label: {},
    rows: { state: true },
    tab: { state: true },
    dragging: { state: true },
    pasteError: { state: true },
    pasteStatus: { state: true },
    pasting: { state: true },
  };
  declare context: AppContext | null;
  declare target: ImportTarget | null;
  /** The text of the button that opens the dialog. */
  declare label: string;
  declare rows: FileRow[];
  declare tab: Tab;
  declare dragging: boolean;
  declare pasteError: { title?: string; text?: string; form?: string };
  declare pasteStatus: string;
  declare pasting: boolean;
  /** The files of each waiting row: one, or a recording with its transcript. */
  private readonly files = new Map<string, File[]>();
  private workers = 0;
  private nextKey = 0;
  /** Files were added in a batch whose last `cc-import-added` still said some were pending. */
  private addedBeforeSettling = false;
  private pasted = 0;

  constructor() {
    super();
    this.context = null;
    this.target = null;
    this.label = 'Import…';
    this.rows = [];
    this.tab = 'files';
    this.dragging = false;
    this.pasteError = {};
    this.pasteStatus = '';
    this.pasting = false;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Opens the dialog afresh (rows of an earlier opening are cleared once all have finished). */
  open(): void {
    if (this.workers === 0) {
      this.rows = [];
      this.files.clear();
      this.pasted = 0;
      this.pasteStatus = '';
      this.pasteError = {};
    }
    this.dialog?.showModal();
  }

  private onClosed(): void {
    this.dispatchEvent(
      new CustomEvent<ImportClosedDetail>('cc-import-closed', {
        detail: { summary: this.target ? summarize(this.target, this.rows, this.pasted) : '' },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private added(added: Omit<ImportAddedDetail, 'pending'>): void {
    const detail = { ...added, pending: tally(this.rows).pending };
    this.addedBeforeSettling = detail.pending > 0;
    this.dispatchEvent(
      new CustomEvent<ImportAddedDetail>('cc-import-added', { detail, bubbles: true, composed: true }),
    );
  }

  private addFiles(list: FileList | readonly File[] | null): void {
    const target = this.target;
    if (!list || !target) return;
    const rows: FileRow[] = [];
    const picked = Array.from(list);
    for (const group of groupUploads(picked.map((f) => f.name))) {
      const files = group.map((i) => picked[i]!);
      const key = `f${this.nextKey++}`;
      const route = routeFor(target, files[0]!.name);
      const state: FileState =
        'refuse' in route ? { kind: 'refused', message: route.refuse } : { kind: 'waiting' };
      if (state.kind === 'waiting') this.files.set(key, files);
      rows.push({
        key,
        name: files.map((f) => f.name).join(' + '),
        bytes: files.reduce((n, f) => n + f.size, 0),
        state,
      });
    }
    this.rows = [...this.rows, ...rows];
    while (this.workers < uploadsAtOnce(target) && this.rows.some((r) => r.state.kind === 'waiting')) {
      this.workers++;
      void this.work();
    }
  }

  /** Uploads waiting rows one after another until none is left. */
  private async work(): Promise<void> {
    try {
      for (;;) {
        const row = this.rows.find((r) => r.state.kind === 'waiting');
        if (!row) return;
        this.setState(row.key, { kind: 'uploading', percent: 0 });
        const { state, added } = await this.upload(row.key);
        this.setState(row.key, state);
        if (added) this.added(added);
        // The batch settled on a refused file: the page still learns, once, that files were added.
        else if (this.addedBeforeSettling && tally(this.rows).pending === 0) {
          const target = this.target;
          this.added({ projectId: target?.kind === 'documents' ? target.projectId : '', documentIds: [] });
        }
      }
    } finally {
      this.workers--;
    }
  }

  private setState(key: string, state: FileState): void {
    this.rows = this.rows.map((r) => (r.key === key ? { ...r, state } : r));
  }

  /** Sends one file to its import route; the answer becomes the row's final state. */
  private async upload(
    key: string,
  ): Promise<{ state: FileState; added?: Omit<ImportAddedDetail, 'pending'> }> {
    const file = this.files.get(key);
    const target = this.target;
    if (!file || !target) return { state: { kind: 'refused', message: 'the file could not be read' } };
    this.files.delete(key);
    const route = routeFor(target, file[0]!.name);
    if ('refuse' in route) return { state: { kind: 'refused', message: route.refuse } };
    const options = {
      api: this.context?.api,
      onProgress: (loaded: number, total: number) =>
        this.setState(key, { kind: 'uploading', percent: percentOf(loaded, total) }),
      onSent: () => this.setState(key, { kind: 'checking' }),
    };
    try {
      if (target.kind === 'projects') {
        const project = await uploadFile(route.path, file, ProjectImportSchema, options);
        return {
          state: {
            kind: 'added',
            titles: [project.name],
            warnings: project.import.warnings,
            projectId: project.id,
          },
          added: { projectId: project.id, documentIds: [] },
        };
      }
      const summary = await uploadFile(route.path, file, DocumentsImportSchema, options);
      return {
        state: { kind: 'added', titles: summary.documents.map((d) => d.title), warnings: summary.warnings },
        added: { projectId: target.projectId, documentIds: summary.documents.map((d) => d.id) },
      };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { state: { kind: 'refused', message: err.message } };
    }
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    this.addFiles(e.dataTransfer?.files ?? null);
  }

  private onPicked(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.addFiles(input.files);
    // Cleared so that picking the same file again (after fixing it) is noticed.
    input.value = '';
  }

  private async paste(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const target = this.target;
    if (!this.context || target?.kind !== 'documents') return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const text = String(data.get('text') ?? '');
    this.pasteStatus = '';
    this.pasteError = pasteErrors(title, text);
    if (this.pasteError.title || this.pasteError.text) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.pasting = true;
    try {
      const created = await this.context.api.post(
        `/api/projects/${target.projectId}/documents`,
        { title, text },
        CreatedSchema,
      );
      this.pasted++;
      this.pasteStatus = `Added “${title}”.`;
      form.reset();
      this.added({ projectId: target.projectId, documentIds: [created.id] });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The server's refusal at the field it concerns, in the same words as the checks above.
      const refused = refusedFields(err, TRANSCRIPT_WORDS);
      this.pasteError = { ...refused.fields, ...(refused.form ? { form: refused.form } : {}) };
    } finally {
      this.pasting = false;
    }
  }

  private onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    this.tab = this.tab === 'files' ? 'paste' : 'files';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus(),
    );
  }

  override render() {
    const target = this.target;
    const projects = target?.kind === 'projects';
    const title = projects ? 'Import a project' : 'Import transcripts';
    const status = target ? summarize(target, this.rows, this.pasted) : '';
    return html`<button type="button" class="open" @click=${() => this.open()}>${this.label}</button>
      <dialog aria-labelledby="import-title" @close=${() => this.onClosed()} data-testid="import-dialog">
        <div class="head">
          <h2 id="import-title">${title}</h2>
          <span class="spacer"></span>
          <button type="button" aria-label="Close" @click=${() => this.dialog?.close()}>✕</button>
        </div>
        ${
          projects
            ? nothing
            : html`<div role="tablist" aria-label="How to add transcripts" @keydown=${this.onTabKey}>
                ${(['files', 'paste'] as const).map(
                  (tab) =>
                    html`<button
                      type="button"
                      role="tab"
                      id="tab-${tab}"
                      aria-selected=${String(this.tab === tab)}
                      aria-controls="panel-${tab}"
                      tabindex=${this.tab === tab ? 0 : -1}
                      @click=${() => (this.tab = tab)}
                    >
                      ${tab === 'files' ? 'Files' : 'Paste a transcript'}
                    </button>`,
                )}
              </div>`
        }
        ${this.tab === 'paste' && !projects ? this.renderPaste() : this.renderFiles(projects)}
        <div class="foot">
          <p role="status" class="summary" data-testid="import-summary">${status}</p>
          <button type="button" class="primary" @click=${() => this.dialog?.close()}>Done</button>
        </div>
      </dialog>`;
  }

  private renderFiles(projects: boolean) {
    return html`<div
      id="panel-files"
      role=${projects ? nothing : 'tabpanel'}
      aria-labelledby=${projects ? nothing : 'tab-files'}
    >
      <p class="muted">
        ${
          projects
            ? 'Each REFI-QDA project (.qdpx) or codebook (.qdc) becomes a new project, with its documents, codes, codings and coders. Transcripts are added on a project’s page.'
            : 'Transcripts as .txt, .md, .docx, .vtt or .srt, PDFs, and recordings (.mp3, .m4a, .wav, .ogg, .mp4, .webm) — chosen together with a transcript of the same name, a recording becomes one document with it. Each file is checked on its own: a refused file adds nothing, the others are added.'
        }
      </p>
      <div
        class="drop"
        data-dragging=${String(this.dragging)}
        data-testid="drop-zone"
        @dragenter=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = true;
        }}
        @dragover=${(e: DragEvent) => e.preventDefault()}
        @dragleave=${() => (this.dragging = false)}
        @drop=${(e: DragEvent) => this.onDrop(e)}
      >
        <span>Drop files here, or</span>
        <button
          type="button"
          @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#file-input')?.click()}
        >
          Choose files…
        </button>
        <input
          id="file-input"
          class="visually-hidden"
          type="file"
          multiple
          tabindex="-1"
          aria-label="Files to import"
          accept=${IMPORT_ACCEPT}
          @change=${(e: Event) => this.onPicked(e)}
        />
      </div>
      ${
        this.rows.length === 0
          ? nothing
          : html`<ul class="files" aria-label="Files" data-testid="import-files">
              ${repeat(
                this.rows,
                (r) => r.key,
                (r) => this.renderRow(r),
              )}
            </ul>`
      }
    </div>`;
  }

  private renderRow(row: FileRow) {
    const { state } = row;
    return html`<li data-state=${state.kind} data-file=${row.name}>
      <div class="file">
        <span class="name">${row.name}</span>
        <span class="muted size">${formatBytes(row.bytes)}</span>
      </div>
      ${
        state.kind === 'uploading'
          ? html`<progress max="100" value=${state.percent} aria-label="Uploading ${row.name}"></progress>`
          : nothing
      }
      <p class="state ${state.kind === 'refused' ? 'error' : ''}" data-testid="file-state">
        ${describeState(state)}${
          state.kind === 'added' && state.projectId
            ? html` · <a href="/projects/${state.projectId}" @click=${() => this.dialog?.close()}>open it</a>`
            : nothing
        }
      </p>
      ${
        state.kind === 'added' && state.warnings.length > 0
          ? html`<ul class="warnings" aria-label="Warnings for ${row.name}">
              ${state.warnings.map((w) => html`<li>${w}</li>`)}
            </ul>`
          : nothing
      }
    </li>`;
  }

  private renderPaste() {
    const errors = this.pasteError;
    return html`<form
      id="panel-paste"
      role="tabpanel"
      aria-labelledby="tab-paste"
      novalidate
      @submit=${(e: SubmitEvent) => void this.paste(e)}
    >
      <label
        >Title
        <input
          name="title"
          maxlength="500"
          aria-invalid=${errors.title ? 'true' : 'false'}
          aria-describedby=${errors.title ? 'paste-title-error' : nothing}
      /></label>
      ${errors.title ? html`<p id="paste-title-error" class="error">${errors.title}</p>` : nothing}
      <label
        >Transcript text
        <textarea
          name="text"
          rows="10"
          aria-invalid=${errors.text ? 'true' : 'false'}
          aria-describedby=${errors.text ? 'paste-text-error' : nothing}
        ></textarea>
      </label>
      ${errors.text ? html`<p id="paste-text-error" class="error">${errors.text}</p>` : nothing}
      ${errors.form ? html`<p class="error" role="alert">${errors.form}</p>` : nothing}
      <div class="row">
        <button type="submit" ?disabled=${this.pasting}>Add transcript</button>
        <span role="status" data-testid="paste-status">${this.pasteStatus}</span>
      </div>
    </form>`;
  }
}
