import { LitElement, html, nothing } from 'lit';
import { MyDocumentsViewSchema, type MyDocumentsView } from '../../api/roundsSchemas.ts';
import type { AppContext } from '../../context.ts';
import styles from './my-documents.styles.ts';

/**
 * "My documents" on the project page: the documents of the open round the user codes in first,
 * then those assigned to them, each with its done mark, and how many are done. Shows nothing to
 * someone with neither.
 */
export class CcMyDocuments extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    revision: { attribute: false },
    view: { state: true },
    error: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** Anything whose change means the list may have changed (the page passes its project state). */
  declare revision: unknown;
  declare view: MyDocumentsView | null;
  declare error: string | null;
  private loadedFor: unknown = undefined;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.revision = null;
    this.view = null;
    this.error = null;
  }

  override updated(): void {
    const key = this.context && this.projectId ? this.revision : undefined;
    if (key !== undefined && key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    if (!this.context || !this.projectId) return;
    try {
      this.view = await this.context.api.get(
        `/api/projects/${this.projectId}/assignments?coder=me`,
        MyDocumentsViewSchema,
      );
      this.error = null;
    } catch {
      // The page stays usable without the list; the documents table below has every document.
      this.error = 'Your documents could not be listed just now.';
    }
  }

  override render() {
    if (this.error) return html`<p class="muted" role="status">${this.error}</p>`;
    const view = this.view;
    if (!view || view.documents.length === 0) return nothing;
    const total = view.documents.length;
    const done = view.documents.filter((d) => d.done).length;
    return html`<section class="card" aria-labelledby="mine-title" data-testid="my-documents">
      <div class="head">
        <h2 id="mine-title">My documents</h2>
        <span class="muted" data-testid="my-progress">${done} of ${total} done</span>
        <span class="bar" role="img" aria-label="${Math.round((done / total) * 100)}% done"
          ><span style="width:${(done / total) * 100}%"></span
        ></span>
      </div>
      <ol>
        ${view.documents.map(
          (d) =>
            html`<li data-document=${d.documentId} data-source=${d.source}>
              <a href="/projects/${this.projectId}/documents/${d.documentId}">${d.title}</a>
              <span class="badge">${d.source === 'round' ? 'This round' : 'Assigned'}</span>
              ${d.done ? html`<span class="done">✓ done</span>` : html`<span class="muted">to do</span>`}
            </li>`,
        )}
      </ol>
    </section>`;
  }
}
