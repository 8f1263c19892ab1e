/**
 * What the analysis page's three views share: the inputs the page hands them (project, codebook,
 * whether the view is the open tab), the layers the user may read, code and layer names, the
 * passage actions (open in the coding view, download) and the loading, error and live-status lines.
 * A view that is not the open tab renders nothing and asks for nothing, but keeps its choices, so
 * switching back shows them again.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { Segment } from '../../api/analysisSchemas.ts';
import { ApiError } from '../../api/ApiClient.ts';
import { downloadFile } from '../../api/download.ts';
import { CodedDocumentSchema } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { Timelines } from '../../coding/Timelines.ts';
import { timeOfPosition } from '../../model/playback.ts';
import type { LiveAnalysisController } from '../../controllers/LiveAnalysisController.ts';
import type { ProjectState } from '../../controllers/ProjectController.ts';
import { navigateEvent } from '../../events.ts';
import {
  citation,
  layerChoices,
  layerName,
  layersWithCodings,
  pickLayer,
  type LayerChoice,
} from '../../model/analysisChoices.ts';
import { analysisPaths, NO_CHOICES, type AnalysisChoices } from '../../model/analysisQuery.ts';
import { cellAfterKey, type GridCell } from '../../model/heatmap.ts';
import { passageRange } from '../../model/passages.ts';
import { visibleLayers } from '../../model/permissions.ts';
import { routeUrl } from '../../model/route.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import type { Code } from '../../../../shared/schemas.ts';
import type { PassageView } from './passages.templates.ts';
import styles from './analysis-views.styles.ts';

export class AnalysisViewBase extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    project: { attribute: false },
    codes: { attribute: false },
    active: { type: Boolean },
    choices: { attribute: false },
    codedLayers: { attribute: false },
    message: { state: true },
    gridFocus: { state: true },
  };
  declare context: AppContext | null;
  /** The project as the page last read it (members, documents, the user's permissions). */
  declare project: ProjectState | null;
  /** The codebook in tree order, with the colours views show. */
  declare codes: readonly Code[];
  /** Whether this view is the open tab. */
  declare active: boolean;
  /**
   * What the views have chosen: the page holds it (and keeps it in its URL); a view asks for a
   * change with `choose`.
   */
  declare choices: AnalysisChoices;
  /** The layers holding codings (null while not yet known). */
  declare codedLayers: ReadonlySet<string> | null;
  /** What the last download or jump did, in words. */
  declare message: string;
  /** The heat-map cell that takes the table's one tab stop. */
  declare gridFocus: GridCell;

  constructor() {
    super();
    this.context = null;
    this.project = null;
    this.codes = [];
    this.active = false;
    this.choices = NO_CHOICES;
    this.codedLayers = null;
    this.message = '';
    this.gridFocus = { row: 0, col: 0 };
  }

  protected get paths() {
    return analysisPaths(this.project?.project.id ?? '');
  }

  /**
   * The layers to offer, named: those this user may read (a coder in a blind round: their own
   * only) that hold codings, and the user's own.
   */
  protected get layers(): LayerChoice[] {
    const state = this.project;
    if (!state || !this.context) return [];
    const visible = visibleLayers(state.permissions, state.project, '_', state.members);
    const userId = this.context.user.id;
    return layersWithCodings(layerChoices(visible, userId, state.members), this.codedLayers, userId);
  }

  /** One layer for co-occurrence and the matrix (see `pickLayer`). */
  protected oneLayer(chosen: string): string {
    return pickLayer(chosen, this.layers, this.codedLayers, this.context?.user.id ?? '');
  }

  /** Asks the page to change the choices (it re-renders the views and updates its URL). */
  protected choose(patch: Partial<AnalysisChoices>): void {
    this.dispatchEvent(new CustomEvent('cc-analysis-choices', { detail: patch, bubbles: true }));
  }

  protected codeName = (id: string): string => this.codes.find((c) => c.id === id)?.name ?? 'Deleted code';

  protected passageView(): PassageView {
    const state = this.project;
    const userId = this.context?.user.id ?? '';
    return {
      codeName: this.codeName,
      codeColor: (id) => this.codes.find((c) => c.id === id)?.color ?? '#9aa3ad',
      layerName: (layer) => layerName(layer, userId, state?.members ?? []),
      citation: (p) => citation(p),
      open: (p) => void this.openPassage(p),
      time: (p) => this.passageTime(p),
    };
  }

  /** The page's timelines, read once per document (for passages without a time of their own). */
  private timelineCache: Timelines | null = null;

  private timelines(): Timelines | null {
    const api = this.context?.api;
    const projectId = this.project?.project.id;
    if (!api || !projectId) return null;
    if (this.timelineCache?.projectId !== projectId)
      this.timelineCache = new Timelines(api, projectId, () => this.requestUpdate());
    return this.timelineCache;
  }

  /**
   * `[00:12:31]` and a play button for a passage of a timed transcript. For a recording the time
   * is read off its timeline here, as the coding view shows it (the turn's timestamp counts for
   * the whole turn); for a timed transcript without one, the server's `startMs`.
   */
  private passageTime(p: Segment): TemplateResult | typeof nothing {
    const document = this.project?.documents.find((d) => d.id === p.documentId);
    const recorded = document?.source?.kind === 'audio' || document?.source?.kind === 'video';
    const timelines = this.timelines();
    let ms = p.startMs ?? null;
    if (recorded && timelines) {
      const cues = timelines.cuesNow(p.documentId);
      const line = lineOf(p);
      ms = cues === null ? null : timeOfPosition(cues, line.start, line.end, p.start);
    }
    if (ms === null || !document) return nothing;
    return html`<cc-passage-time
      .ms=${ms}
      .src=${recorded ? `/api/projects/${document.projectId}/documents/${document.id}/file` : ''}
      .cues=${timelines ? () => timelines.cues(p.documentId) : null}
    ></cc-passage-time>`;
  }

  /**
   * Opens the coding view with the passage selected. The API counts code points and the coding
   * view UTF-16 units, so the document's text is read to convert them.
   */
  private async openPassage(p: Segment): Promise<void> {
    const { context, project } = this;
    if (!context || !project) return;
    const projectId = project.project.id;
    this.message = 'Opening the document…';
    try {
      const coded = await context.api.get(
        `/api/projects/${projectId}/documents/${p.documentId}/codings`,
        CodedDocumentSchema,
      );
      const range = passageRange(coded.text, p.start, p.end);
      const consensus = p.layer === CONSENSUS && project.permissions.review;
      this.message = '';
      this.dispatchEvent(
        navigateEvent(routeUrl({ name: 'document', projectId, documentId: p.documentId, consensus, range })),
      );
    } catch (err) {
      this.message = `The document could not be opened: ${err instanceof ApiError ? err.message : 'the server could not be reached'}.`;
    }
  }

  /** Downloads an export, saying in the page what became of it. */
  protected async download(path: string, fallback: string): Promise<void> {
    if (!this.shadowRoot) return;
    this.message = 'Preparing the download…';
    try {
      const name = await downloadFile(path, fallback, this.shadowRoot, this.context?.api);
      this.message = `Downloaded ${name}.`;
    } catch (err) {
      this.message = `The download failed: ${err instanceof ApiError ? err.message : 'the server could not be reached'}.`;
    }
  }

  /** Whether the answer is live, being read, or no longer followed — like the agreement dashboard's line. */
  protected renderLiveStatus(live: LiveAnalysisController<unknown>): TemplateResult {
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

  /** The last download's or jump's outcome. */
  protected renderMessage(): TemplateResult {
    return html`<p role="status" class="muted message" data-testid="analysis-message">${this.message}</p>`;
  }

  /** Loading, refusal and error states; null once there is an answer to show. */
  protected renderState(live: LiveAnalysisController<unknown>, what: string): TemplateResult | null {
    if (live.state === 'ended') {
      return html`<p class="card" role="alert" data-testid="analysis-ended">${live.error}</p>`;
    }
    if (live.state === 'error') {
      return html`<p class="error" role="alert" data-testid="analysis-error">
        ${what} could not be shown: ${live.error}
      </p>`;
    }
    if (live.result === null) return html`<p class="muted">Loading ${what.toLowerCase()}…</p>`;
    return null;
  }

  /** A picker of one layer. */
  protected layerPicker(value: string, onChange: (layer: string) => void): TemplateResult {
    const layer = this.oneLayer(value);
    return html`<label class="field"
      >Layer
      <select @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
        ${this.layers.map((l) => html`<option value=${l.id} ?selected=${l.id === layer}>${l.label}</option>`)}
      </select></label
    >`;
  }

  /**
   * A heat-map table is one tab stop: arrows (and Home, End) move between its cell buttons, so a
   * keyboard user is not made to tab through every cell of a 40 × 40 table.
   */
  protected onGridKey(e: KeyboardEvent, rows: number, cols: number): void {
    const next = cellAfterKey(this.tabStop(rows, cols), e.key, rows, cols, e.ctrlKey || e.metaKey);
    if (!next) return;
    e.preventDefault();
    this.gridFocus = next;
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLButtonElement>(`.heat [data-row="${next.row}"][data-col="${next.col}"]`)
        ?.focus(),
    );
  }

  /** The `tabindex` of a cell button: 0 for the table's tab stop (kept inside a table that shrank). */
  protected cellTabIndex(row: number, col: number, rows: number, cols: number): number {
    const at = this.tabStop(rows, cols);
    return at.row === row && at.col === col ? 0 : -1;
  }

  private tabStop(rows: number, cols: number): GridCell {
    return {
      row: Math.min(this.gridFocus.row, Math.max(0, rows - 1)),
      col: Math.min(this.gridFocus.col, Math.max(0, cols - 1)),
    };
  }

  /** Views render nothing while another tab is open. */
  protected get hiddenView(): typeof nothing | null {
    return this.active && this.project ? null : nothing;
  }
}

/**
 * The line holding a passage's start, in code points, as far as the passage and its context
 * (up to 200 code points either side) show it: a longer line is cut where the context ends.
 */
function lineOf(p: Segment): { start: number; end: number } {
  const cut = p.before.lastIndexOf('\n');
  const start = p.start - Array.from(cut < 0 ? p.before : p.before.slice(cut + 1)).length;
  const rest = `${p.text}${p.after}`;
  const newline = rest.indexOf('\n');
  return { start, end: p.start + Array.from(newline < 0 ? rest : rest.slice(0, newline)).length };
}
