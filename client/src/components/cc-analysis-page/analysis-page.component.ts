import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import {
  CooccurrenceSchema,
  MatrixSchema,
  SegmentsSchema,
  type Cooccurrence,
  type Matrix,
  type Segment,
} from '../../api/analysisSchemas.ts';
import { ApiError } from '../../api/ApiClient.ts';
import { downloadFile } from '../../api/download.ts';
import { CodedDocumentSchema } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { LiveAnalysisController, type LiveAnalysisSpec } from '../../controllers/LiveAnalysisController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { navigateEvent } from '../../events.ts';
import {
  citation,
  codeOutline,
  layerChoices,
  layerName,
  type LayerChoice,
} from '../../model/analysisChoices.ts';
import {
  ANALYSIS_VIEWS,
  analysisPaths,
  attributeNames,
  attributeValues,
  matrixCellFilters,
  tabAfterKey,
  type AnalysisView,
  type MatrixColumns,
  type RetrievalFilters,
  type RetrievalFormat,
} from '../../model/analysisQuery.ts';
import {
  cooccurrenceLabel,
  heatShade,
  matrixCellLabel,
  matrixCellText,
  maxCount,
} from '../../model/heatmap.ts';
import { overlappingPassages, passageRange } from '../../model/passages.ts';
import { visibleLayers } from '../../model/permissions.ts';
import { routeUrl } from '../../model/route.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import { byCoderTemplate, byDocumentTemplate, type PassageHelpers } from './passages.templates.ts';
import styles from './analysis-page.styles.ts';

const TAB_LABELS: Record<AnalysisView, string> = {
  retrieve: 'Retrieve',
  cooccurrence: 'Co-occurrence',
  matrix: 'Matrix',
};

/** Most passages the page shows at once: more would slow the page; the downloads hold them all. */
const SHOWN_PASSAGES = 500;

const FORMATS: { format: RetrievalFormat; label: string; extension: string }[] = [
  { format: 'csv', label: 'CSV', extension: 'csv' },
  { format: 'md', label: 'Markdown', extension: 'md' },
  { format: 'docx', label: 'Word', extension: 'docx' },
];

/**
 * The analysis page (`/projects/:projectId/analysis?view=`), live on the merged state: Retrieve
 * (every passage coded with chosen codes or a theme, by document or by coder side by side),
 * Co-occurrence (a code × code heat map whose cells open the overlapping passages) and Matrix
 * (codes × documents or attribute values). Every view follows the codings as people code.
 */
export class CcAnalysisPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    view: { attribute: false },
    chosenCodes: { state: true },
    subCodes: { state: true },
    hiddenLayers: { state: true },
    documentFilter: { state: true },
    attributeName: { state: true },
    attributeValue: { state: true },
    groupBy: { state: true },
    pairLayer: { state: true },
    pair: { state: true },
    matrixLayer: { state: true },
    matrixColumns: { state: true },
    matrixCell: { state: true },
    message: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare view: AnalysisView;
  /** Codes and themes to retrieve. */
  declare chosenCodes: readonly string[];
  /** Include each chosen code's sub-codes. */
  declare subCodes: boolean;
  /** Layers unticked in Retrieve (every other visible layer is asked for). */
  declare hiddenLayers: readonly string[];
  declare documentFilter: string;
  declare attributeName: string;
  declare attributeValue: string;
  declare groupBy: 'document' | 'coder';
  /** The co-occurrence layer; empty: the default (see {@link defaultLayer}). */
  declare pairLayer: string;
  /** The co-occurrence cell whose passages are shown. */
  declare pair: { a: string; b: string } | null;
  declare matrixLayer: string;
  declare matrixColumns: MatrixColumns;
  /** The matrix cell whose passages are shown. */
  declare matrixCell: { code: string; key: string; label: string } | null;
  /** What the last download or jump did, in words. */
  declare message: string;

  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));
  private readonly retrieval = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.view === 'retrieve' ? this.retrievalSpec() : null }),
    SegmentsSchema,
  );
  private readonly cooccurrence = new LiveAnalysisController(
    this,
    () => ({
      api: this.context?.api ?? null,
      spec: this.view === 'cooccurrence' ? this.cooccurrenceSpec() : null,
    }),
    CooccurrenceSchema,
  );
  private readonly pairPassages = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.view === 'cooccurrence' ? this.pairSpec() : null }),
    SegmentsSchema,
  );
  private readonly matrix = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.view === 'matrix' ? this.matrixSpec() : null }),
    MatrixSchema,
  );
  private readonly cellPassages = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.view === 'matrix' ? this.cellSpec() : null }),
    SegmentsSchema,
  );

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.view = 'retrieve';
    this.chosenCodes = [];
    this.subCodes = true;
    this.hiddenLayers = [];
    this.documentFilter = '';
    this.attributeName = '';
    this.attributeValue = '';
    this.groupBy = 'document';
    this.pairLayer = '';
    this.pair = null;
    this.matrixLayer = '';
    this.matrixColumns = { by: 'documents' };
    this.matrixCell = null;
    this.message = '';
  }

  private get paths() {
    return analysisPaths(this.projectId ?? '');
  }

  /** The layers this user may read, named (a coder in a blind round: their own only). */
  private get layers(): LayerChoice[] {
    const state = this.project.state;
    if (!state || !this.context) return [];
    const visible = visibleLayers(state.permissions, state.project, '_', state.members);
    return layerChoices(visible, this.context.user.id, state.members);
  }

  /** One layer for co-occurrence and the matrix: the user's own when they code, else the first offered. */
  private defaultLayer(chosen: string): string {
    const layers = this.layers;
    if (layers.some((l) => l.id === chosen)) return chosen;
    const own = layers.find((l) => l.id === this.context?.user.id);
    return (own ?? layers[0])?.id ?? '';
  }

  private filters(): RetrievalFilters {
    const all = this.layers.map((l) => l.id);
    const shown = all.filter((l) => !this.hiddenLayers.includes(l));
    return {
      codes: this.chosenCodes,
      children: this.subCodes,
      // Every layer ticked: leave the choice to the server (every layer the user may see).
      layers: shown.length === all.length ? [] : shown,
      documents: this.documentFilter ? [this.documentFilter] : [],
      attributes:
        this.attributeName && this.attributeValue
          ? [{ name: this.attributeName, value: this.attributeValue }]
          : [],
    };
  }

  private spec(kind: 'segments' | 'cooccurrence' | 'matrix', path: string): LiveAnalysisSpec {
    return { path, events: this.paths.events(kind, path), event: kind };
  }

  private retrievalSpec(): LiveAnalysisSpec | null {
    if (!this.project.state || this.chosenCodes.length === 0) return null;
    const filters = this.filters();
    // Every layer unticked: nothing to ask for.
    if (this.layers.length > 0 && this.layers.every((l) => this.hiddenLayers.includes(l.id))) return null;
    return this.spec('segments', this.paths.segments(filters, SHOWN_PASSAGES));
  }

  private cooccurrenceSpec(): LiveAnalysisSpec | null {
    const layer = this.defaultLayer(this.pairLayer);
    return layer ? this.spec('cooccurrence', this.paths.cooccurrence(layer)) : null;
  }

  private pairSpec(): LiveAnalysisSpec | null {
    const layer = this.defaultLayer(this.pairLayer);
    if (!this.pair || !layer) return null;
    const codes = this.pair.a === this.pair.b ? [this.pair.a] : [this.pair.a, this.pair.b];
    const filters: RetrievalFilters = {
      codes,
      children: false,
      layers: [layer],
      documents: [],
      attributes: [],
    };
    return this.spec('segments', this.paths.segments(filters));
  }

  private matrixSpec(): LiveAnalysisSpec | null {
    const layer = this.defaultLayer(this.matrixLayer);
    return layer ? this.spec('matrix', this.paths.matrix(layer, this.matrixColumns)) : null;
  }

  private cellSpec(): LiveAnalysisSpec | null {
    const layer = this.defaultLayer(this.matrixLayer);
    if (!this.matrixCell || !layer) return null;
    const filters = matrixCellFilters(this.matrixCell.code, layer, this.matrixColumns, this.matrixCell.key);
    return this.spec('segments', this.paths.segments(filters));
  }

  // ---- Names ----

  private codeName = (id: string): string =>
    this.codebook.shownCodes.find((c) => c.id === id)?.name ?? 'Deleted code';

  private codeColor = (id: string): string =>
    this.codebook.shownCodes.find((c) => c.id === id)?.color ?? '#9aa3ad';

  private helpers(): PassageHelpers {
    const state = this.project.state;
    const userId = this.context?.user.id ?? '';
    return {
      codeName: this.codeName,
      codeColor: this.codeColor,
      layerName: (layer) => layerName(layer, userId, state?.members ?? []),
      citation: (p) => citation(p, state?.documents.find((d) => d.id === p.documentId)?.attributes),
      open: (p) => void this.openPassage(p),
    };
  }

  // ---- Actions ----

  private showView(view: AnalysisView): void {
    if (!this.projectId || view === this.view) return;
    this.dispatchEvent(navigateEvent(routeUrl({ name: 'analysis', projectId: this.projectId, view })));
  }

  private onTabKey(e: KeyboardEvent): void {
    const next = tabAfterKey(this.view, e.key);
    if (!next) return;
    e.preventDefault();
    this.showView(next);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus(),
    );
  }

  private toggleCode(id: string, on: boolean): void {
    this.chosenCodes = on ? [...this.chosenCodes, id] : this.chosenCodes.filter((c) => c !== id);
  }

  private toggleLayer(id: string, on: boolean): void {
    this.hiddenLayers = on ? this.hiddenLayers.filter((l) => l !== id) : [...this.hiddenLayers, id];
  }

  /**
   * Opens the coding view with the passage selected. The API counts code points and the coding
   * view UTF-16 units, so the document's text is read to convert them.
   */
  private async openPassage(p: Segment): Promise<void> {
    const { context, projectId } = this;
    if (!context || !projectId) return;
    this.message = 'Opening the document…';
    try {
      const coded = await context.api.get(
        `/api/projects/${projectId}/documents/${p.documentId}/codings`,
        CodedDocumentSchema,
      );
      const range = passageRange(coded.text, p.start, p.end);
      const consensus = p.layer === CONSENSUS && this.project.state?.permissions.review === true;
      this.message = '';
      this.dispatchEvent(
        navigateEvent(routeUrl({ name: 'document', projectId, documentId: p.documentId, consensus, range })),
      );
    } catch (err) {
      this.message = `The document could not be opened: ${err instanceof ApiError ? err.message : 'the server could not be reached'}.`;
    }
  }

  private async download(path: string, fallback: string): Promise<void> {
    if (!this.shadowRoot) return;
    this.message = 'Preparing the download…';
    try {
      const name = await downloadFile(path, fallback, this.shadowRoot, this.context?.api);
      this.message = `Downloaded ${name}.`;
    } catch (err) {
      this.message = `The download failed: ${err instanceof ApiError ? err.message : 'the server could not be reached'}.`;
    }
  }

  // ---- Rendering ----

  override render(): TemplateResult {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    return html`<div class="wrap">
      <div class="row">
        <div>
          <a href="/projects/${state.project.id}">← ${state.project.name}</a>
          <h1>Analysis</h1>
        </div>
        <span class="spacer"></span>
        ${this.renderLiveStatus()}
      </div>
      ${
        state.permissions.seesAllLayers
          ? nothing
          : html`<p class="card" role="note" data-testid="analysis-blind">
              The round is blind: you see only your own coding here, and nothing computed across coders.
            </p>`
      }
      <div role="tablist" aria-label="Analysis views" class="tabs" @keydown=${this.onTabKey}>
        ${ANALYSIS_VIEWS.map(
          (view) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${view}"
              aria-selected=${String(this.view === view)}
              aria-controls="panel-${view}"
              tabindex=${this.view === view ? 0 : -1}
              @click=${() => this.showView(view)}
            >
              ${TAB_LABELS[view]}
            </button>`,
        )}
      </div>
      <section id="panel-${this.view}" role="tabpanel" aria-labelledby="tab-${this.view}" class="panel">
        ${
          this.view === 'retrieve'
            ? this.renderRetrieve()
            : this.view === 'cooccurrence'
              ? this.renderCooccurrence()
              : this.renderMatrix()
        }
      </section>
      <p role="status" class="muted" data-testid="analysis-message">${this.message}</p>
    </div>`;
  }

  private activeLive(): LiveAnalysisController<unknown> {
    return this.view === 'retrieve'
      ? this.retrieval
      : this.view === 'cooccurrence'
        ? this.cooccurrence
        : this.matrix;
  }

  private renderLiveStatus(): TemplateResult {
    const live = this.activeLive();
    const text =
      live.state === 'live' && live.updatedAt
        ? `Live · updated ${live.updatedAt.toLocaleTimeString()}`
        : live.state === 'stale'
          ? (live.error ?? 'Reconnecting…')
          : live.state === 'loading'
            ? 'Loading…'
            : live.state === 'ended'
              ? 'Stopped'
              : '';
    return html`<span class="live" data-state=${live.state} role="status" data-testid="analysis-live"
      >${text}</span
    >`;
  }

  /** Loading, refusal and error states shared by every view; null when there is an answer. */
  private renderState(live: LiveAnalysisController<unknown>, what: string): TemplateResult | null {
    if (live.state === 'ended') {
      return html`<p class="card" role="alert" data-testid="analysis-ended">
        ${live.error} Reload the page to see what you may see now.
      </p>`;
    }
    if (live.state === 'error') {
      return html`<p class="error" role="alert" data-testid="analysis-error">
        ${what} could not be shown: ${live.error}
      </p>`;
    }
    if (live.result === null) return html`<p class="muted">Loading ${what.toLowerCase()}…</p>`;
    return null;
  }

  // ---- Retrieve ----

  private renderRetrieve(): TemplateResult {
    const state = this.project.state!;
    const outline = codeOutline(this.codebook.shownCodes);
    const names = attributeNames(state.documents);
    const values = this.attributeName ? attributeValues(state.documents, this.attributeName) : [];
    return html`<div class="retrieve">
      <form class="card filters" @submit=${(e: Event) => e.preventDefault()} aria-label="What to retrieve">
        <fieldset class="codes">
          <legend>Codes and themes</legend>
          ${
            outline.length === 0
              ? html`<p class="muted">
                  The codebook is empty. Add themes and codes on the
                  <a href="/projects/${state.project.id}/codebook">Codebook</a> page.
                </p>`
              : html`<ul class="outline" data-testid="code-picker">
                  ${outline.map(
                    ({ code, depth, hasChildren }) =>
                      html`<li style=${styleMap({ paddingLeft: `${depth * 16}px` })}>
                        <label
                          ><input
                            type="checkbox"
                            .checked=${this.chosenCodes.includes(code.id)}
                            @change=${(e: Event) => this.toggleCode(code.id, (e.target as HTMLInputElement).checked)}
                          /><span class="swatch" style=${styleMap({ background: code.color })}></span
                          ><span class=${hasChildren ? 'theme' : ''}>${code.name}</span></label
                        >
                      </li>`,
                  )}
                </ul>`
          }
          <label class="check"
            ><input
              type="checkbox"
              .checked=${this.subCodes}
              @change=${(e: Event) => (this.subCodes = (e.target as HTMLInputElement).checked)}
            />Include sub-codes</label
          >
        </fieldset>
        <fieldset>
          <legend>Coders</legend>
          ${this.layers.map(
            (layer) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  .checked=${!this.hiddenLayers.includes(layer.id)}
                  @change=${(e: Event) => this.toggleLayer(layer.id, (e.target as HTMLInputElement).checked)}
                />${layer.label}</label
              >`,
          )}
        </fieldset>
        <fieldset>
          <legend>Documents</legend>
          <label class="field"
            >Document
            <select
              .value=${this.documentFilter}
              @change=${(e: Event) => (this.documentFilter = (e.target as HTMLSelectElement).value)}
            >
              <option value="" ?selected=${this.documentFilter === ''}>All documents</option>
              ${state.documents.map(
                (d) =>
                  html`<option value=${d.id} ?selected=${this.documentFilter === d.id}>${d.title}</option>`,
              )}
            </select></label
          >
          ${
            names.length === 0
              ? nothing
              : html`<label class="field"
                    >Attribute
                    <select
                      .value=${this.attributeName}
                      @change=${(e: Event) => {
                        this.attributeName = (e.target as HTMLSelectElement).value;
                        this.attributeValue = '';
                      }}
                    >
                      <option value="" ?selected=${this.attributeName === ''}>Any</option>
                      ${names.map((n) => html`<option value=${n} ?selected=${this.attributeName === n}>${n}</option>`)}
                    </select></label
                  >
                  ${
                    this.attributeName
                      ? html`<label class="field"
                          >Value
                          <select
                            .value=${this.attributeValue}
                            @change=${(e: Event) => (this.attributeValue = (e.target as HTMLSelectElement).value)}
                          >
                            <option value="" ?selected=${this.attributeValue === ''}>Any</option>
                            ${values.map(
                              (v) =>
                                html`<option value=${v} ?selected=${this.attributeValue === v}>${v}</option>`,
                            )}
                          </select></label
                        >`
                      : nothing
                  }`
          }
        </fieldset>
      </form>
      <div class="results">${this.renderRetrieval()}</div>
    </div>`;
  }

  private renderRetrieval(): TemplateResult {
    if (this.chosenCodes.length === 0) {
      return html`<p class="card empty" data-testid="retrieve-empty">
        Pick one or more codes, or a theme, to see every passage coded with them.
      </p>`;
    }
    if (this.layers.length > 0 && this.layers.every((l) => this.hiddenLayers.includes(l.id))) {
      return html`<p class="card empty">Tick at least one coder to see their passages.</p>`;
    }
    const waiting = this.renderState(this.retrieval, 'The passages');
    if (waiting) return waiting;
    const answer = this.retrieval.result!;
    const chosen = this.chosenCodes.map(this.codeName).join(', ');
    return html`<div class="row wrap-row toolbar">
        <h2 data-testid="retrieve-total">${answer.total} ${answer.total === 1 ? 'passage' : 'passages'}</h2>
        <span class="spacer"></span>
        <div role="group" aria-label="Group passages" class="segmented">
          <button
            type="button"
            aria-pressed=${String(this.groupBy === 'document')}
            @click=${() => (this.groupBy = 'document')}
          >
            By document
          </button>
          <button
            type="button"
            aria-pressed=${String(this.groupBy === 'coder')}
            @click=${() => (this.groupBy = 'coder')}
          >
            By coder, side by side
          </button>
        </div>
        <div role="group" aria-label="Download the passages" class="downloads">
          ${FORMATS.map(
            ({ format, label, extension }) =>
              html`<button
                type="button"
                @click=${() =>
                  void this.download(
                    this.paths.segmentsExport(this.filters(), format),
                    `passages.${extension}`,
                  )}
              >
                ${label}
              </button>`,
          )}
        </div>
      </div>
      ${
        answer.segments.length === 0
          ? html`<p class="card empty" data-testid="retrieve-none">
              No passages coded with ${chosen}
              yet${this.filtered() ? ' in the documents and coders chosen' : ''}. Code passages in a document,
              or widen the filters.
            </p>`
          : this.groupBy === 'document'
            ? byDocumentTemplate(answer.segments, this.helpers())
            : byCoderTemplate(
                answer.segments,
                this.layers.map((l) => l.id),
                this.helpers(),
              )
      }
      ${
        answer.total > answer.segments.length
          ? html`<p class="muted">
              Showing the first ${answer.segments.length} of ${answer.total}; the downloads hold them all.
            </p>`
          : nothing
      }`;
  }

  private filtered(): boolean {
    const f = this.filters();
    return f.layers.length > 0 || f.documents.length > 0 || f.attributes.length > 0;
  }

  // ---- Co-occurrence ----

  private layerPicker(value: string, onChange: (layer: string) => void): TemplateResult {
    const layer = this.defaultLayer(value);
    return html`<label class="field"
      >Layer
      <select @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
        ${this.layers.map((l) => html`<option value=${l.id} ?selected=${l.id === layer}>${l.label}</option>`)}
      </select></label
    >`;
  }

  private renderCooccurrence(): TemplateResult {
    const waiting = this.renderState(this.cooccurrence, 'The co-occurrence table');
    const answer = this.cooccurrence.result;
    return html`<div class="card controls">
        ${this.layerPicker(this.pairLayer, (layer) => {
          this.pairLayer = layer;
          this.pair = null;
        })}
        <p class="muted">
          Each cell counts the pairs of codings of two codes that share at least one character in the same
          document; the diagonal counts each code’s codings. Choose a cell to read the passages.
        </p>
      </div>
      ${waiting ?? (answer ? this.renderCooccurrenceTable(answer) : nothing)} ${this.renderPair()}`;
  }

  private renderCooccurrenceTable(answer: Cooccurrence): TemplateResult {
    if (answer.codes.length === 0 || maxCount(answer.counts) === 0) {
      return html`<p class="card empty" data-testid="cooccurrence-empty">
        No codings in this layer yet. Code passages in a document; codes applied to overlapping passages show
        here.
      </p>`;
    }
    const max = maxCount(answer.counts.map((row, i) => row.filter((_, j) => j !== i)));
    const diagonal = maxCount(answer.counts.map((row, i) => [row[i] ?? 0]));
    return html`<div class="table-scroll card">
      <table class="heat" data-testid="cooccurrence">
        <caption>
          Overlapping codings by code
        </caption>
        <thead>
          <tr>
            <td></td>
            ${answer.codes.map((c) => html`<th scope="col">${this.codeName(c)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${answer.codes.map(
            (a, i) =>
              html`<tr>
                <th scope="row">${this.codeName(a)}</th>
                ${answer.codes.map((b, j) => {
                  const count = answer.counts[i]?.[j] ?? 0;
                  const same = i === j;
                  const shade = heatShade(count, same ? diagonal : max);
                  const selected = this.pair?.a === a && this.pair.b === b;
                  return html`<td>
                    <button
                      type="button"
                      class="cell ${same ? 'diagonal' : ''}"
                      style=${styleMap({ background: shade.background, color: shade.color })}
                      aria-label=${cooccurrenceLabel(this.codeName(a), this.codeName(b), count, same)}
                      aria-pressed=${String(selected)}
                      @click=${() => (this.pair = { a, b })}
                    >
                      ${count}
                    </button>
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderPair(): TemplateResult | typeof nothing {
    if (!this.pair) return nothing;
    const { a, b } = this.pair;
    const title = a === b ? this.codeName(a) : `${this.codeName(a)} and ${this.codeName(b)}`;
    const waiting = this.renderState(this.pairPassages, 'The passages');
    const passages = this.pairPassages.result
      ? overlappingPassages(this.pairPassages.result.segments, a, b)
      : [];
    return html`<section class="card" data-testid="pair-passages" aria-live="polite">
      <h2>${title}</h2>
      ${
        waiting ??
        (passages.length === 0
          ? html`<p class="empty">
              ${a === b ? `No passages coded with ${title} in this layer yet.` : `No passages coded with both ${title} overlap in this layer yet.`}
            </p>`
          : byDocumentTemplate(passages, this.helpers()))
      }
    </section>`;
  }

  // ---- Matrix ----

  private renderMatrix(): TemplateResult {
    const state = this.project.state!;
    const names = attributeNames(state.documents);
    const columnsValue =
      this.matrixColumns.by === 'documents' ? 'documents' : `attribute:${this.matrixColumns.name}`;
    const layer = this.defaultLayer(this.matrixLayer);
    const waiting = this.renderState(this.matrix, 'The matrix');
    return html`<div class="card controls">
        ${this.layerPicker(this.matrixLayer, (l) => {
          this.matrixLayer = l;
          this.matrixCell = null;
        })}
        <label class="field"
          >Columns
          <select
            @change=${(e: Event) => {
              const value = (e.target as HTMLSelectElement).value;
              this.matrixColumns =
                value === 'documents' ? { by: 'documents' } : { by: 'attribute', name: value.slice(10) };
              this.matrixCell = null;
            }}
          >
            <option value="documents" ?selected=${columnsValue === 'documents'}>Documents</option>
            ${names.map(
              (n) =>
                html`<option value="attribute:${n}" ?selected=${columnsValue === `attribute:${n}`}>
                  Attribute: ${n}
                </option>`,
            )}
          </select></label
        >
        <button
          type="button"
          ?disabled=${!layer}
          @click=${() => void this.download(this.paths.matrixExport(layer, this.matrixColumns), 'matrix.csv')}
        >
          Download CSV
        </button>
      </div>
      ${waiting ?? (this.matrix.result ? this.renderMatrixTable(this.matrix.result) : nothing)}
      ${this.renderCell()}`;
  }

  private renderMatrixTable(answer: Matrix): TemplateResult {
    if (answer.rows.length === 0 || answer.columns.length === 0) {
      return html`<p class="card empty" data-testid="matrix-empty">
        ${
          answer.columns.length === 0
            ? this.matrixColumns.by === 'documents'
              ? 'This project has no documents yet. Import transcripts on the project page.'
              : `No document has the attribute ${this.matrixColumns.name} yet. Add it on the project page (“Show attributes”).`
            : 'The codebook is empty. Add codes on the Codebook page.'
        }
      </p>`;
    }
    const max = maxCount(answer.cells.map((row) => row.map((c) => c.codings)));
    return html`<div class="table-scroll card">
      <table class="heat" data-testid="matrix">
        <caption>
          Codings by code and ${this.matrixColumns.by === 'documents' ? 'document' : this.matrixColumns.name}
          (codings in documents)
        </caption>
        <thead>
          <tr>
            <td></td>
            ${answer.columns.map((c) => html`<th scope="col">${c.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${answer.rows.map(
            (code, i) =>
              html`<tr>
                <th scope="row">${this.codeName(code)}</th>
                ${answer.columns.map((column, j) => {
                  const cell = answer.cells[i]?.[j] ?? { codings: 0, documents: 0 };
                  const shade = heatShade(cell.codings, max);
                  const selected = this.matrixCell?.code === code && this.matrixCell.key === column.key;
                  return html`<td>
                    <button
                      type="button"
                      class="cell"
                      style=${styleMap({ background: shade.background, color: shade.color })}
                      aria-label=${matrixCellLabel(this.codeName(code), column.label, cell)}
                      aria-pressed=${String(selected)}
                      @click=${() => (this.matrixCell = { code, key: column.key, label: column.label })}
                    >
                      ${matrixCellText(cell)}
                    </button>
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCell(): TemplateResult | typeof nothing {
    if (!this.matrixCell) return nothing;
    const title = `${this.codeName(this.matrixCell.code)} in ${this.matrixCell.label}`;
    const waiting = this.renderState(this.cellPassages, 'The passages');
    const passages = this.cellPassages.result?.segments ?? [];
    return html`<section class="card" data-testid="cell-passages" aria-live="polite">
      <h2>${title}</h2>
      ${
        waiting ??
        (passages.length === 0
          ? html`<p class="empty">No passages coded with ${title} in this layer yet.</p>`
          : byDocumentTemplate(passages, this.helpers()))
      }
    </section>`;
  }
}
