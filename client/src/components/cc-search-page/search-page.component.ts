import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import { SearchCoding } from '../../coding/SearchCoding.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { navigateEvent } from '../../events.ts';
import { routeUrl, type SearchRouteQuery } from '../../model/route.ts';
import {
  groupByDocument,
  hitKey,
  hitRange,
  kwic,
  PATTERN_STILL_RUNNING,
  queryErrorText,
  rangeFromContext,
  resultsHeading,
} from '../../model/searchHits.ts';
import { codePaths } from '../../../../shared/model/codebook.ts';
import { contentText } from '../../../../shared/model/text.ts';
import { roomName } from '../../../../shared/protocol.ts';
import { SearchResultSchema, type SearchHit, type SearchResult } from '../../../../shared/search/schemas.ts';
import type { SearchMode } from '../../../../shared/search/match.ts';
import styles from './search-page.styles.ts';

/** Hits one search shows, and "Show more" adds (the server counts them all). */
const PAGE_SIZE = 500;

const MODES: { value: SearchMode; label: string }[] = [
  { value: 'words', label: 'Words' },
  { value: 'phrase', label: 'Exact phrase' },
  { value: 'regex', label: 'Pattern' },
];

/**
 * The search page of a project: words, an exact phrase or a pattern (regular expression) across
 * the transcripts, results as keyword-in-context lines grouped by document, each opening the
 * coding view at the hit; hits can be selected and coded with one code in the user's own layer as
 * one step, undone with Undo or Ctrl+Z here (see `SearchCoding`). Viewers search but cannot code.
 */
export class CcSearchPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    query: { attribute: false },
    q: { state: true },
    mode: { state: true },
    caseSensitive: { state: true },
    documentId: { state: true },
    result: { state: true },
    queryError: { state: true },
    selected: { state: true },
    codeId: { state: true },
    busy: { state: true },
    message: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** The search in the page's URL, run when the page opens with it (Back from a hit). */
  declare query: SearchRouteQuery | null;
  declare q: string;
  declare mode: SearchMode;
  declare caseSensitive: boolean;
  /** Only this document ('' for all). */
  declare documentId: string;
  declare result: SearchResult | null;
  /** The server's message about the query (a bad pattern), shown at the field. */
  declare queryError: string | null;
  declare selected: Set<string>;
  declare codeId: string;
  declare busy: boolean;
  /** What the last action did, announced politely. */
  declare message: string | null;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));
  private coding: SearchCoding | null = null;
  private searched = 0;
  /** The search the shown results answer, for "Show more" (the form may have changed since). */
  private shown: SearchRouteQuery | null = null;
  /** The URL of the last search run, so the page's own URL update does not run it again. */
  private ranUrl: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.query = null;
    this.q = '';
    this.mode = 'words';
    this.caseSensitive = false;
    this.documentId = '';
    this.result = null;
    this.queryError = null;
    this.selected = new Set();
    this.codeId = '';
    this.busy = false;
    this.message = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // On the whole window: after clicking the results (nothing focusable), keys go to the body.
    window.addEventListener('keydown', this.onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKeydown);
    this.coding?.destroy();
    this.coding = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A URL with a search (opened from a link, or Back from a hit) fills the form and runs it.
    if ((changed.has('query') || changed.has('projectId') || changed.has('context')) && this.query) {
      if (this.urlOf(this.query) === this.ranUrl) return;
      this.q = this.query.q;
      this.mode = this.query.mode;
      this.caseSensitive = this.query.caseSensitive;
      this.documentId = this.query.document ?? '';
      void this.search();
    }
  }

  /** Ctrl+Z on the page (outside fields) undoes the last "Code selected hits". */
  private readonly onKeydown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'z') return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLInputElement && target.type === 'text') return;
    if (target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable))
      return;
    if (!this.coding?.lastStep) return;
    e.preventDefault();
    this.undo();
  };

  private urlOf(query: SearchRouteQuery): string {
    return routeUrl({ name: 'search', projectId: this.projectId ?? '', query });
  }

  /** Runs the form's search and keeps it in the page's URL (replacing the entry: no history per search). */
  private async search(e?: Event): Promise<void> {
    e?.preventDefault();
    if (!this.context || !this.projectId || this.q.trim() === '') return;
    const query: SearchRouteQuery = {
      q: this.q,
      mode: this.mode,
      caseSensitive: this.caseSensitive,
      document: this.documentId || null,
    };
    const url = this.urlOf(query);
    this.ranUrl = url;
    if (`${location.pathname}${location.search}` !== url) this.dispatchEvent(navigateEvent(url, true));
    const generation = ++this.searched;
    this.busy = true;
    try {
      const result = await this.fetchHits(this.context, query, 0);
      if (generation !== this.searched) return;
      this.result = result;
      this.shown = query;
      this.queryError = null;
      this.selected = new Set();
      this.message = null;
    } catch (err) {
      if (generation !== this.searched) return;
      this.result = null;
      this.shown = null;
      this.queryError = this.errorText(err);
    } finally {
      if (generation === this.searched) this.busy = false;
    }
  }

  /** "Show more": the next page of the shown search, added below the hits already there. */
  private async showMore(): Promise<void> {
    const shown = this.shown;
    const before = this.result;
    const context = this.context;
    if (!shown || !before || !context) return;
    const generation = ++this.searched;
    this.busy = true;
    try {
      const next = await this.fetchHits(context, shown, before.hits.length);
      if (generation !== this.searched) return;
      // `total` as the server counts it now: the texts may have changed since the first page.
      this.result = { hits: [...before.hits, ...next.hits], total: next.total };
      this.queryError = null;
    } catch (err) {
      if (generation !== this.searched) return;
      this.message = this.errorText(err);
    } finally {
      if (generation === this.searched) this.busy = false;
    }
  }

  private fetchHits(context: AppContext, query: SearchRouteQuery, offset: number): Promise<SearchResult> {
    const params = new URLSearchParams({
      q: query.q,
      mode: query.mode,
      caseSensitive: String(query.caseSensitive),
      limit: String(PAGE_SIZE),
      offset: String(offset),
    });
    if (query.document) params.append('document', query.document);
    return context.api.get(`/api/projects/${this.projectId ?? ''}/search?${params}`, SearchResultSchema);
  }

  private errorText(err: unknown): string {
    if (!(err instanceof ApiError))
      return 'The search could not be run. Check your connection and try again.';
    if (err.code === 'rateLimited') return PATTERN_STILL_RUNNING;
    return queryErrorText(err.fieldMessage('q') ?? err.message);
  }

  private toggle(hit: SearchHit, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(hitKey(hit));
    else next.delete(hitKey(hit));
    this.selected = next;
  }

  private selectAll(on: boolean): void {
    this.selected = on ? new Set((this.result?.hits ?? []).map(hitKey)) : new Set();
  }

  private async codeSelected(): Promise<void> {
    const context = this.context;
    const code = this.codebook.codes.find((c) => c.id === this.codeId);
    if (!context || !this.result || !code) return;
    const hits = this.result.hits.filter((h) => this.selected.has(hitKey(h)));
    if (hits.length === 0) return;
    this.coding ??= new SearchCoding(context.hub, context.user.id);
    this.busy = true;
    try {
      const done = await this.coding.code(hits, code.id, code.name);
      const notes = [
        done.moved > 0 ? `${done.moved} skipped: the text changed since the search` : '',
        done.already > 0 ? `${done.already} already coded so` : '',
      ].filter(Boolean);
      this.message = `Coded ${done.coded} ${done.coded === 1 ? 'hit' : 'hits'} “${code.name}”${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`;
    } catch (err) {
      this.message = err instanceof Error ? err.message : 'The hits could not be coded.';
    } finally {
      this.busy = false;
    }
  }

  private undo(): void {
    const step = this.coding?.lastStep;
    if (!step || !this.coding?.undo()) return;
    this.message = `Undone: ${step.coded} ${step.coded === 1 ? 'coding' : 'codings'} “${step.codeName}” removed.`;
  }

  /** Opens the coding view at a hit (the text is read to place it when the context does not reach the start). */
  private async open(e: Event, hit: SearchHit): Promise<void> {
    const context = this.context;
    if (!context || !this.projectId) return;
    e.preventDefault();
    let range = rangeFromContext(hit);
    if (!range) {
      const handle = context.hub.acquire(roomName.text(hit.documentId));
      try {
        await handle.whenSynced;
        range = hitRange(contentText(handle.doc).toString(), hit);
      } finally {
        handle.release();
      }
    }
    this.dispatchEvent(navigateEvent(this.documentUrl(hit, range)));
  }

  private documentUrl(
    hit: SearchHit,
    range: { from: number; to: number } | null = rangeFromContext(hit),
  ): string {
    return routeUrl({
      name: 'document',
      projectId: this.projectId ?? '',
      documentId: hit.documentId,
      consensus: false,
      range,
    });
  }

  override render(): TemplateResult {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const { project, documents, permissions } = state;
    return html`<div class="wrap">
      <div>
        <h1>Search ${project.name}</h1>
        <p class="muted"><a href="/projects/${project.id}">Back to ${project.name}</a></p>
      </div>
      <section class="card" aria-labelledby="search-title">
        <h2 id="search-title" class="visually-hidden">Search the transcripts</h2>
        <form class="query" @submit=${(e: Event) => void this.search(e)} data-testid="search-form">
          <label class="q">
            Search for
            <input
              type="text"
              name="q"
              .value=${this.q}
              @input=${(e: Event) => (this.q = (e.target as HTMLInputElement).value)}
              aria-invalid=${this.queryError ? 'true' : 'false'}
              aria-describedby="q-error"
              required
            />
          </label>
          <fieldset>
            <legend class="visually-hidden">Match</legend>
            ${MODES.map(
              (m) =>
                html`<label class="check">
                  <input
                    type="radio"
                    name="mode"
                    value=${m.value}
                    .checked=${this.mode === m.value}
                    @change=${() => (this.mode = m.value)}
                  />
                  ${m.label}
                </label>`,
            )}
          </fieldset>
          <label class="check">
            <input
              type="checkbox"
              .checked=${this.caseSensitive}
              @change=${(e: Event) => (this.caseSensitive = (e.target as HTMLInputElement).checked)}
            />
            Match case
          </label>
          <label>
            In
            <select
              aria-label="Only in document"
              @change=${(e: Event) => (this.documentId = (e.target as HTMLSelectElement).value)}
            >
              <option value="" ?selected=${this.documentId === ''}>All documents</option>
              ${documents.map(
                (d) => html`<option value=${d.id} ?selected=${this.documentId === d.id}>${d.title}</option>`,
              )}
            </select>
          </label>
          <button type="submit" ?disabled=${this.busy}>Search</button>
        </form>
        <p id="q-error" class="error" role="alert">${this.queryError ?? nothing}</p>
      </section>
      <p role="status" data-testid="search-message">${this.message ?? nothing}</p>
      ${this.result ? this.results(this.result, permissions.code) : nothing}
    </div>`;
  }

  private results(result: SearchResult, mayCode: boolean): TemplateResult {
    const groups = groupByDocument(result.hits);
    const allSelected = result.hits.length > 0 && result.hits.every((h) => this.selected.has(hitKey(h)));
    const paths = codePaths(this.codebook.codes);
    const step = this.coding?.lastStep ?? null;
    return html`<section class="card" aria-labelledby="results-title" data-testid="search-results">
      <h2 id="results-title">${resultsHeading(result.total, result.hits)}</h2>
      ${
        result.hits.length === 0
          ? nothing
          : html`<div class="coding">
              <label class="check">
                <input
                  type="checkbox"
                  .checked=${allSelected}
                  @change=${(e: Event) => this.selectAll((e.target as HTMLInputElement).checked)}
                />
                Select all
              </label>
              ${
                mayCode
                  ? html`<label>
                        Code
                        <select
                          aria-label="Code to apply"
                          @change=${(e: Event) => (this.codeId = (e.target as HTMLSelectElement).value)}
                        >
                          <option value="" ?selected=${this.codeId === ''}>Choose a code…</option>
                          ${this.codebook.codes.map(
                            (c) =>
                              html`<option value=${c.id} ?selected=${this.codeId === c.id}>
                                ${paths.get(c.id) ?? c.name}
                              </option>`,
                          )}
                        </select>
                      </label>
                      <button
                        type="button"
                        ?disabled=${this.busy || this.selected.size === 0 || this.codeId === ''}
                        @click=${() => void this.codeSelected()}
                      >
                        Code selected hits
                      </button>
                      ${
                        step
                          ? html`<button type="button" @click=${() => this.undo()}>
                              Undo (${step.coded} “${step.codeName}”)
                            </button>`
                          : nothing
                      }`
                  : html`<p class="muted" data-testid="cannot-code">
                      Viewers search but do not code: you have no coding layer in this project.
                    </p>`
              }
            </div>`
      }
      ${groups.map(
        (g) =>
          html`<h3>${g.title}</h3>
            <ol class="kwic" data-document=${g.documentId}>
              ${g.hits.map((hit) => this.line(hit))}
            </ol>`,
      )}
      ${
        result.total > result.hits.length
          ? html`<p>
              <button type="button" ?disabled=${this.busy} @click=${() => void this.showMore()}>
                Show more
              </button>
              <span class="muted">
                ${Math.min(PAGE_SIZE, result.total - result.hits.length)} of the
                ${result.total - result.hits.length} not yet shown
              </span>
            </p>`
          : nothing
      }
    </section>`;
  }

  private line(hit: SearchHit): TemplateResult {
    const { before, after } = kwic(hit);
    return html`<li data-testid="hit">
      <input
        type="checkbox"
        aria-label="Select ${hit.match} at ${hit.start} in ${hit.documentTitle}"
        .checked=${this.selected.has(hitKey(hit))}
        @change=${(e: Event) => this.toggle(hit, (e.target as HTMLInputElement).checked)}
      />
      <!-- No whitespace between the three parts: the line shows the transcript's own spaces only. -->
      <span class="before"><bdi>${before}</bdi></span
      ><span class="match"
        ><a href=${this.documentUrl(hit)} @click=${(e: Event) => void this.open(e, hit)}
          >${hit.match}</a
        ></span
      ><span class="after">${after}</span>
    </li>`;
  }
}
