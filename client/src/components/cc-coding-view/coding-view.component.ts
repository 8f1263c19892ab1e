import { LitElement, html, nothing } from 'lit';
import { z } from 'zod';
import { EditorView } from '@codemirror/view';
import { styleMap } from 'lit/directives/style-map.js';
import type { AppContext } from '../../context.ts';
import type { CodingSession } from '../../coding/CodingSession.ts';
import { CodingUndo, type StepInfo } from '../../coding/CodingUndo.ts';
import { CueTimeline } from '../../coding/CueTimeline.ts';
import { insertStamp } from '../../coding/stamps.ts';
import { stepLabel } from '../../coding/undoSteps.ts';
import { codingsAt, type ViewCoding } from '../../coding/ViewCoding.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { CodingSessionController } from '../../controllers/CodingSessionController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { RoundsController } from '../../controllers/RoundsController.ts';
import type { CodingsPayload } from '../../editor/codingMarks.ts';
import { personColor } from '../../model/colors.ts';
import { currentCue, recordingKeysHint } from '../../model/playback.ts';
import { listedLayers } from '../../model/layers.ts';
import { visibleLayers } from '../../model/permissions.ts';
import { editRefusalText, roomFullText } from '../../model/editRefusals.ts';
import { layersWhileRecoding, recodeBanner, recodingFor, type Recoding } from '../../model/recode.ts';
import {
  assignQuickKeys,
  codeOnKey,
  describeQuickKeyChanges,
  keyOfCode,
  parseQuickKeys,
  quickKeysStorageKey,
  type QuickKeys,
} from '../../model/quickCodes.ts';
import { documentSource, shownView } from '../../model/documentSource.ts';
import { routeUrl, type DocumentView, type RangeHint } from '../../model/route.ts';
import { PageRangeSchema, type PageRange } from '../../../../shared/sources.ts';
import type { CcPdfPages } from '../cc-pdf-pages/pdf-pages.component.ts';
import { CloseCode, CONSENSUS, layerOwner, maxEditBytes, roomName } from '../../../../shared/protocol.ts';
import type { Document } from '../../../../shared/schemas.ts';
import type { CcCodePalette } from '../cc-code-palette/code-palette.component.ts';
import type { CcMediaPlayer } from '../cc-media-player/media-player.component.ts';
import type {
  CcTranscript,
  EditRefusedDetail,
  MediaAction,
  SelectionDetail,
} from '../cc-transcript/transcript.component.ts';
import styles from './coding-view.styles.ts';

/** How long a layer the server refused waits before it is tried again (if still visible then). */
const REOPEN_REFUSED_AFTER_MS = 3000;

/** How long the "Removed … Undo" notice stays, in milliseconds (the next step ends it sooner). */
const REMOVED_NOTICE_MS = 10_000;

/** Longest quote a notice shows, in characters. */
const NOTICE_QUOTE_CHARS = 40;

/** `GET …/documents/:documentId/pages`. */
const PagesSchema = z.object({ pages: z.array(PageRangeSchema) });

/** A coding just removed, offered for undoing. */
interface RemovedNotice {
  codeName: string;
  quote: string;
}

/**
 * The coding workspace: the transcript with every visible layer's codings, the code palette,
 * the codings under the cursor (memo, fit to selection, remove), the layers with their done
 * marks, and who else is here. Codings go into the user's own layer, or, for reviewers who chose
 * it, the consensus. A coder of an open recode round who opens one of its documents codes it
 * again in their recode layer, with their own earlier layer neither shown nor loaded.
 *
 * A document made from a recording (`Document.source.kind` `audio` or `video`) shows its player
 * above the transcript, the time of each cue of the text room's timeline beside its line, and the
 * cue being played highlighted; the transcript's Alt keys drive the player and, while editing,
 * type timestamps (docs/sources.md, "Recordings in the app").
 */
export class CcCodingView extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    documentId: { attribute: false },
    consensus: { attribute: false },
    range: { attribute: false },
    view: { attribute: false },
    pages: { state: true },
    pagesError: { state: true },
    selection: { state: true },
    editMode: { state: true },
    hiddenLayers: { state: true },
    status: { state: true },
    intoConsensus: { state: true },
    refusedEdit: { state: true },
    removed: { state: true },
    keyNotice: { state: true },
    playing: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare documentId: string | null;
  /** Opened to write the consensus (reviewers). */
  declare consensus: boolean;
  /** A passage to select once the text is there. */
  declare range: RangeHint | null;
  /** How a PDF document is shown (the URL's `?view=`); null for its default, the pages. */
  declare view: DocumentView | null;
  /** Where each page of a PDF document sits in its text; null until read (or not a PDF). */
  declare pages: PageRange[] | null;
  /** Why the pages could not be read, if they could not. */
  declare pagesError: string | null;
  declare selection: SelectionDetail;
  declare editMode: boolean;
  /** Layers the user switched off. */
  declare hiddenLayers: ReadonlySet<string>;
  declare status: string;
  /** Reviewers: whether new codings go into the consensus layer. */
  declare intoConsensus: boolean;
  /** Why the last text edit was refused (too large to send), until dismissed. */
  declare refusedEdit: string | null;
  /** The coding just removed, with its Undo button, until the next step or a few seconds pass. */
  declare removed: RemovedNotice | null;
  /** Which number keys now apply another code than before, until dismissed. */
  declare keyNotice: string | null;
  /** Index into the timeline's cues of the cue being played, or null. */
  declare playing: number | null;

  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  /** Read for open recode rounds: they decide which layer the user writes. */
  private readonly rounds = new RoundsController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));
  private readonly coding = new CodingSessionController(this, () => ({
    hub: this.context?.hub ?? null,
    documentId: this.documentId,
  }));
  private openedLayers = '';
  private payloadKey = '';
  private payload: CodingsPayload | null = null;
  private rangeShown: RangeHint | null = null;
  private refusedSeen = new Set<string>();
  /** The document whose pages were asked for. */
  private pagesFor: string | null = null;
  /** The top of the page in view (UTF-16), kept so switching to the text opens there. */
  private place = 0;
  /** A place to show in the view just switched to, once it is there. */
  private placeToShow: RangeHint | null = null;
  /** The undo history of the current session's coding steps (recreated with the session). */
  private undo: CodingUndo | null = null;
  private removedTimer: ReturnType<typeof setTimeout> | null = null;
  /** The timeline of a recording's transcript (recreated with the session), or null. */
  private timeline: CueTimeline | null = null;
  /** The player's last position, in milliseconds: the cue spoken there is marked again after a change. */
  private playedMs: number | null = null;
  private readonly onTimelineChange = () => {
    this.playing =
      this.timeline && this.playedMs !== null ? currentCue(this.timeline.cues, this.playedMs) : null;
    this.requestUpdate();
  };
  /** Keys 1–9 → codes, kept per user and project in the browser (see model/quickCodes.ts). */
  private quickKeys: QuickKeys = {};
  /** The user, project and codebook state the keys were last worked out for. */
  private quickKeysFor = '';
  private readonly onUndoChange = () => this.requestUpdate();
  private readonly onKeydown = (e: KeyboardEvent) => this.undoKeys(e);

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.documentId = null;
    this.consensus = false;
    this.range = null;
    this.view = null;
    this.pages = null;
    this.pagesError = null;
    this.selection = { from: 0, to: 0 };
    this.editMode = false;
    this.hiddenLayers = new Set();
    this.status = '';
    this.intoConsensus = false;
    this.refusedEdit = null;
    this.removed = null;
    this.keyNotice = null;
    this.playing = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeydown);
    this.clearRemoved();
    this.undo?.removeEventListener('change', this.onUndoChange);
    this.undo?.destroy();
    this.undo = null;
    this.syncTimeline(null);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('consensus')) this.intoConsensus = this.consensus;
    this.syncLayers();
    this.syncUndo(this.coding.session);
    this.syncTimeline(this.recording() ? this.coding.session : null);
    this.syncQuickKeys();
    this.syncPages();
  }

  /** The kept file of this document, if it has one. */
  private source() {
    const document = this.project.state?.documents.find((d) => d.id === this.documentId);
    return document ? documentSource(document) : null;
  }

  /** Reads where a PDF document's pages sit in its text, once per document. */
  private syncPages(): void {
    const documentId = this.documentId;
    const projectId = this.projectId;
    const api = this.context?.api;
    if (!documentId || !projectId || !api || this.pagesFor === documentId) return;
    if (this.source()?.kind !== 'pdf') return;
    this.pagesFor = documentId;
    this.pages = null;
    this.pagesError = null;
    api
      .get(`/api/projects/${projectId}/documents/${documentId}/pages`, PagesSchema)
      .then(({ pages }) => {
        if (this.documentId === documentId) this.pages = pages;
      })
      .catch((err: unknown) => {
        if (this.documentId === documentId) this.pagesError = (err as Error).message;
      });
  }

  private get pdfPages(): CcPdfPages | null {
    return this.renderRoot.querySelector('cc-pdf-pages');
  }

  /**
   * Shows the PDF's pages or its text, keeping the place: the selection if there is one (it is
   * selected in the other view too), else the top of what was in view. The choice goes into
   * the URL, as the app's other view choices do.
   */
  private switchView(next: DocumentView): void {
    if (!this.projectId || !this.documentId) return;
    const { from, to } = this.selection;
    this.placeToShow = from !== to ? { from, to } : { from: this.topOfView(), to: this.topOfView() };
    this.view = next;
    const url = routeUrl({
      name: 'document',
      projectId: this.projectId,
      documentId: this.documentId,
      consensus: this.consensus,
      range: null,
      view: next,
    });
    history.replaceState(history.state, '', url);
    // The view switched to draws itself after this one: show the place once it has.
    void this.updateComplete
      .then(() => (this.transcript ?? this.pdfPages)?.updateComplete)
      .then(() => this.showRange());
  }

  /** The document position (UTF-16) at the top of the view shown now. */
  private topOfView(): number {
    const editor = this.transcript?.view;
    if (!editor) return this.place;
    const box = editor.scrollDOM.getBoundingClientRect();
    return editor.lineBlockAtHeight(box.top - editor.documentTop + 1).from;
  }

  /** Puts the keyboard in the document: the transcript, or the pages. */
  private focusDocument(): void {
    if (this.transcript) this.transcript.focus();
    else this.pdfPages?.focus();
  }

  /** The recording of the open document, or null when it has none. */
  private recording(): (NonNullable<Document['source']> & { kind: 'audio' | 'video' }) | null {
    const source = this.project.state?.documents.find((d) => d.id === this.documentId)?.source;
    return source && (source.kind === 'audio' || source.kind === 'video')
      ? (source as NonNullable<Document['source']> & { kind: 'audio' | 'video' })
      : null;
  }

  /** One timeline per session of a recording's transcript; none for other documents. */
  private syncTimeline(session: CodingSession | null): void {
    if (this.timeline && session && this.timeline.doc === session.text.doc) return;
    if (this.timeline) {
      this.timeline.removeEventListener('change', this.onTimelineChange);
      this.timeline.destroy();
      this.timeline = null;
      this.playing = null;
    }
    if (session) {
      this.timeline = new CueTimeline(session.text.doc);
      this.timeline.addEventListener('change', this.onTimelineChange);
    }
  }

  private get player(): CcMediaPlayer | null {
    return this.renderRoot.querySelector('cc-media-player');
  }

  /** The cue being spoken follows the player's position. */
  private onTime(ms: number): void {
    this.playedMs = ms;
    this.playing = this.timeline ? currentCue(this.timeline.cues, ms) : null;
  }

  private mediaAction(action: MediaAction): void {
    const player = this.player;
    if (!player) return;
    if (action === 'toggle') player.toggle();
    else if (action === 'back') player.back();
    else player.changeRate(action === 'slower' ? -1 : 1);
  }

  /** Types the player's position as a timestamp at `at` (UTF-16) and anchors a cue on it. */
  private stamp(at: number): void {
    const session = this.coding.session;
    const player = this.player;
    if (!session || !player || !(this.editMode && this.project.state?.permissions.editText)) return;
    const after = insertStamp(session.text.doc, at, player.currentMs, player.durationMs);
    this.transcript?.placeCursor(after);
  }

  /**
   * Works out the number keys when the codebook changes: earlier keys stay with their codes, new
   * codes take free keys, and a key that now applies another code is announced. Kept in the
   * browser only once the codebook is in step with the server, so a partial local copy never
   * frees anyone's keys.
   */
  private syncQuickKeys(): void {
    const user = this.context?.user.id;
    const projectId = this.projectId;
    if (!user || !projectId) return;
    const synced = this.codebook.synced;
    const stamp = `${user}|${projectId}|${this.codebook.version}|${synced}`;
    if (stamp === this.quickKeysFor) return;
    this.quickKeysFor = stamp;
    const storageKey = quickKeysStorageKey(user, projectId);
    const { keys, changes } = assignQuickKeys(
      parseQuickKeys(localStorage.getItem(storageKey)),
      this.codebook.codes,
    );
    this.quickKeys = keys;
    if (!synced) return;
    localStorage.setItem(storageKey, JSON.stringify(keys));
    const notice = describeQuickKeyChanges(changes);
    if (notice !== null) this.keyNotice = notice;
  }

  override updated(): void {
    this.showRange();
  }

  /**
   * The layers this user may see right now (the round decides). A coder's layers wait for the
   * rounds to be read: opening their own layer first would show, if only for a moment, the earlier
   * codings a recode round hides.
   */
  private layers(): string[] {
    const state = this.project.state;
    if (!state || !this.documentId || !this.context) return [];
    if (state.permissions.code && this.rounds.rounds === null) return [];
    const visible = visibleLayers(state.permissions, state.project, this.documentId, state.members);
    return layersWhileRecoding(visible, this.context.user.id, this.recoding());
  }

  /** The open recode round the user codes this document for, or null. */
  private recoding(): Recoding | null {
    const rounds = this.rounds.rounds;
    if (!rounds || !this.context || !this.documentId || !this.project.state?.permissions.code) return null;
    return recodingFor(rounds, this.context.user.id, this.documentId);
  }

  /** The user's own layer: their recode layer while they recode this document. */
  private ownLayer(): string | null {
    if (!this.context || !this.project.state?.permissions.code) return null;
    return this.recoding()?.layer ?? this.context.user.id;
  }

  /** Opens the visible layers, closes the others and drops their copies kept in the browser. */
  private syncLayers(): void {
    const session = this.coding.session;
    const state = this.project.state;
    if (!session || !state || !this.context) return;
    const layers = this.layers();
    const key = layers.join(',');
    if (key !== this.openedLayers) {
      const before = session.layerIds;
      session.setLayers(layers);
      this.openedLayers = key;
      // The user's own layers (first and recode) only swap places as a recode round starts or
      // closes: their browser copies may hold edits not yet sent, so they are kept.
      const user = this.context.user.id;
      for (const gone of before.filter((l) => !layers.includes(l) && layerOwner(l) !== user)) {
        void this.context.hub.forget(roomName.layer(session.documentId, gone));
      }
      this.announcePresence();
    }
    // A layer the server refused means the round changed under us: read the project again.
    // If the project still lists the layer afterwards (the round changed back), open it again,
    // at most every few seconds so a server that keeps refusing is not asked in a loop.
    for (const layer of layers) {
      if (session.layerState(layer) !== 'refused' || this.refusedSeen.has(layer)) continue;
      this.refusedSeen.add(layer);
      void this.project.reload().then(() => {
        const retry = () => {
          this.refusedSeen.delete(layer);
          if (this.coding.session === session && this.layers().includes(layer)) session.reopen(layer);
        };
        setTimeout(retry, REOPEN_REFUSED_AFTER_MS);
      });
    }
  }

  /** One undo history per session: a new document (or reconnect) starts a new history. */
  private syncUndo(session: CodingSession | null): void {
    if (this.undo && session && this.undo.session === session) return;
    if (this.undo) {
      this.undo.removeEventListener('change', this.onUndoChange);
      this.undo.destroy();
      this.undo = null;
    }
    if (session) {
      this.undo = new CodingUndo(session);
      this.undo.addEventListener('change', this.onUndoChange);
    }
  }

  /**
   * Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo the user's coding steps while focus is in the
   * view — but not in a field (memo, select), where the browser's own undo of typing applies,
   * nor in the transcript, which asks through `cc-undo`/`cc-redo` itself while coding and keeps
   * its text undo while editing.
   */
  private undoKeys(e: KeyboardEvent): void {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key !== 'z' && key !== 'y') return;
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLElement && target.isContentEditable)
    )
      return;
    e.preventDefault();
    if (key === 'y' || e.shiftKey) this.redoStep();
    else this.undoStep();
  }

  /** Makes one of the user's coding steps, undoable; ends the "Removed" notice of a step before. */
  private step<T>(layer: string, info: StepInfo, edit: () => T): T {
    this.clearRemoved();
    return this.undo ? this.undo.track(layer, info, edit) : edit();
  }

  private undoStep(): void {
    this.clearRemoved();
    const step = this.undo?.undo();
    this.status = step ? `Undone: ${stepLabel(step)}.` : 'Nothing to undo.';
  }

  private redoStep(): void {
    this.clearRemoved();
    const step = this.undo?.redo();
    this.status = step ? `Redone: ${stepLabel(step)}.` : 'Nothing to redo.';
  }

  private clearRemoved(): void {
    if (this.removedTimer) clearTimeout(this.removedTimer);
    this.removedTimer = null;
    this.removed = null;
  }

  /** Removes a coding as an undoable step and offers to undo it for a few seconds. */
  private removeCoding(layer: string, coding: { id: string; codeName: string; quote: string }): void {
    const session = this.coding.session;
    if (!session) return;
    this.step(layer, { kind: 'remove', codeName: coding.codeName, codingId: coding.id }, () =>
      session.remove(layer, coding.id),
    );
    const quote =
      coding.quote.length > NOTICE_QUOTE_CHARS
        ? `${coding.quote.slice(0, NOTICE_QUOTE_CHARS).trimEnd()}…`
        : coding.quote;
    this.status = '';
    this.removed = { codeName: coding.codeName, quote };
    // A timer for the notice only: the removal itself is done and stays undoable from the toolbar.
    this.removedTimer = setTimeout(() => {
      this.removedTimer = null;
      this.removed = null;
    }, REMOVED_NOTICE_MS);
  }

  private announcePresence(): void {
    const session = this.coding.session;
    const user = this.context?.user;
    if (!session || !user) return;
    const { color, light } = personColor(user.id);
    session.text.provider.awareness.setLocalStateField('user', {
      id: user.id,
      name: user.name,
      color,
      colorLight: light,
    });
  }

  /** Where new codings go: the consensus (reviewers who chose it), the user's own layer, or nowhere. */
  private activeLayer(): string | null {
    const state = this.project.state;
    if (!state || !this.context) return null;
    if (this.intoConsensus && state.permissions.review) return CONSENSUS;
    // Nowhere to write until the rounds are read: the layer may be a recode layer.
    return this.layers().length > 0 ? this.ownLayer() : null;
  }

  private writable(layer: string): boolean {
    const state = this.project.state;
    if (!state || !this.context) return false;
    if (layer === CONSENSUS) return state.permissions.review;
    return layer === this.ownLayer();
  }

  private layerName(layer: string): string {
    if (layer === CONSENSUS) return 'Consensus';
    if (layer === this.context?.user.id) return `${this.context.user.name} (you)`;
    if (layer === this.recoding()?.layer) return `${this.context?.user.name ?? 'You'} (you, recoding)`;
    return this.project.state?.members.find((m) => m.userId === layer)?.name ?? layer;
  }

  private buildPayload(): CodingsPayload | null {
    const session = this.coding.session;
    if (!session) return null;
    const shown = this.layers().filter(
      (l) => !this.hiddenLayers.has(l) && session.layerState(l) !== 'refused',
    );
    const active = this.activeLayer();
    const key = `${session.version}|${this.codebook.version}|${shown.join(',')}|${active}`;
    if (key === this.payloadKey && this.payload) return this.payload;
    this.payloadKey = key;
    this.payload = {
      codings: session.codings,
      labels: {
        codes: new Map(this.codebook.shownCodes.map((c) => [c.id, { name: c.name, color: c.color }])),
        layers: new Map(shown.map((l) => [l, this.layerName(l)])),
      },
      layers: shown,
      active,
    };
    return this.payload;
  }

  private get transcript(): CcTranscript | null {
    return this.renderRoot.querySelector('cc-transcript');
  }

  /**
   * Selects the passage the URL names (a jump from search, retrieval or review) once the text is
   * there, and after a switch of view shows the place kept; on a PDF's pages, on the page
   * holding it.
   */
  private showRange(): void {
    const session = this.coding.session;
    if (!session) return;
    const pdfPages = this.pdfPages;
    const transcript = this.transcript;
    const ready = (range: RangeHint) =>
      pdfPages
        ? this.pages !== null && session.ytext.length >= range.to
        : !!transcript?.view && transcript.view.state.doc.length >= range.to;
    const show = (range: RangeHint) => {
      if (pdfPages) {
        pdfPages.show(range.from, range.to, range.to > range.from);
        // The selection on the page is reported once it is painted; coding may start at once.
        if (range.to > range.from) this.selection = { from: range.from, to: range.to };
      } else if (range.to > range.from) transcript!.select(range.from, range.to);
      else transcript!.view?.dispatch({ effects: EditorView.scrollIntoView(range.from, { y: 'start' }) });
    };
    const range = this.range;
    if (range && range !== this.rangeShown && ready(range)) {
      this.rangeShown = range;
      show(range);
    }
    const place = this.placeToShow;
    if (place && ready(place)) {
      this.placeToShow = null;
      show(place);
    }
  }

  private applyCode(codeId: string): boolean {
    const session = this.coding.session;
    const layer = this.activeLayer();
    const code = this.codebook.codes.find((c) => c.id === codeId);
    if (!session || !code || !this.context) return false;
    if (!layer) {
      this.status = this.project.state?.permissions.code
        ? 'Coding waits until this project’s rounds are read.'
        : 'Viewers cannot code.';
      return false;
    }
    const { from, to } = this.selection;
    if (from === to) {
      this.status = 'Select a passage first.';
      return false;
    }
    const author = this.context.user.id;
    const id = this.step(layer, { kind: 'apply', codeName: code.name, codingId: '' }, () =>
      session.add(layer, code.id, from, to, author),
    );
    this.status = id
      ? `Coded “${code.name}”${layer === CONSENSUS ? ' into the consensus' : ''}.`
      : `Already coded “${code.name}” exactly here.`;
    return id !== null;
  }

  private quickCode(index: number): void {
    const code = codeOnKey(this.quickKeys, index);
    if (code !== null) this.applyCode(code);
    else this.status = `No code on key ${index + 1}.`;
  }

  private setHidden(layer: string, hide: boolean): void {
    const next = new Set(this.hiddenLayers);
    if (hide) next.add(layer);
    else next.delete(layer);
    this.hiddenLayers = next;
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    const session = this.coding.session;
    if (!state || !session || !this.context) return html`<p class="muted">Loading…</p>`;
    if (session.text.refused === CloseCode.notFound) {
      return html`<p class="error" role="alert" data-testid="document-deleted">
        This document was deleted, with its codings.
        <a href="/projects/${state.project.id}">Back to the project</a>
      </p>`;
    }
    const document = state.documents.find((d) => d.id === this.documentId);
    if (!document) return html`<p class="error" role="alert">This document is not in the project.</p>`;
    // A coder's view waits for the rounds: they decide which layer is theirs to write and show.
    if (state.permissions.code && this.rounds.rounds === null && this.rounds.error === null)
      return html`<p class="muted">Loading…</p>`;
    const { permissions, project } = state;
    const active = this.activeLayer();
    const payload = this.buildPayload();
    const source = documentSource(document);
    const isPdf = source?.kind === 'pdf';
    const view = shownView(source, this.view);
    // A PDF document's text is the PDF's: the pages map to it, so no one edits it (docs/sources.md).
    const editable = this.editMode && permissions.editText && !isPdf;
    return html`
      <div class="toolbar">
        <a class="back" href="/projects/${project.id}" title="Back to ${project.name}">← ${project.name}</a>
        <h1 title=${document.title}>${document.title}</h1>
        ${project.blind ? html`<span class="badge" title="Coders see only their own codings">blind round</span>` : nothing}
        ${isPdf ? this.renderViewSwitch(view) : nothing}
        <cc-presence
          .awareness=${session.text.provider.awareness}
          .selfId=${this.context.user.id}
        ></cc-presence>
        ${
          // The document's memo: the user's own, or a new one, on the memos page.
          permissions.code || permissions.review
            ? html`<a data-testid="document-memo" href="/projects/${project.id}/memos?document=${document.id}"
                >Memo</a
              >`
            : nothing
        }
        ${
          permissions.review && permissions.code
            ? html`<label class="mode row"
                >Code into
                <select
                  aria-label="Code into"
                  data-testid="target-layer"
                  @change=${(e: Event) => (this.intoConsensus = (e.target as HTMLSelectElement).value === CONSENSUS)}
                >
                  <option value="own" ?selected=${!this.intoConsensus}>my layer</option>
                  <option value=${CONSENSUS} ?selected=${this.intoConsensus}>consensus</option>
                </select></label
              >`
            : nothing
        }
        ${active ? this.renderUndoButtons() : nothing}
        ${
          permissions.editText && !isPdf
            ? html`<button
                type="button"
                aria-pressed=${String(this.editMode)}
                @click=${() => (this.editMode = !this.editMode)}
              >
                ${this.editMode ? 'Back to coding' : 'Edit text'}
              </button>`
            : nothing
        }
        ${
          active && active !== CONSENSUS
            ? html`<label
                class="mode row"
                title="Tick when you have finished coding this transcript: agreement and the review queue count only finished work"
                ><input
                  type="checkbox"
                  data-testid="done"
                  .checked=${session.isCompleted(active)}
                  @change=${(e: Event) => session.setDone(active, (e.target as HTMLInputElement).checked)}
                />
                Done</label
              >`
            : nothing
        }
      </div>
      <div class="notices">
        ${this.renderRecoding()} ${this.removed ? this.renderRemoved(this.removed) : nothing}
        ${
          this.keyNotice
            ? html`<p class="keys" role="status" data-testid="quick-keys-changed">
                ${this.keyNotice}
                <button type="button" @click=${() => (this.keyNotice = null)}>Dismiss</button>
              </p>`
            : nothing
        }
        ${session.text.refused === CloseCode.roomTooLarge ? this.renderRoomFull() : nothing}
        ${
          isPdf && view === 'text'
            ? html`<p class="muted" role="note" data-testid="pdf-read-only">
                This text was read from the PDF and cannot be edited, so that the pages and the text stay on
                the same words: correct the PDF and import it again.
              </p>`
            : nothing
        }
        ${
          this.refusedEdit
            ? html`<p class="error" role="alert" data-testid="edit-refused">
                ${this.refusedEdit}
                <button type="button" @click=${() => (this.refusedEdit = null)}>Dismiss</button>
              </p>`
            : nothing
        }
      </div>
      <div class="body">
        <div class="reading">
          ${this.renderPlayer(document, editable)}
          ${
            view === 'page'
              ? this.renderPages(document.title)
              : html`<cc-transcript
                  .ytext=${session.ytext}
                  .awareness=${project.blind ? null : session.text.provider.awareness}
                  .payload=${payload}
                  .editable=${editable}
                  .label=${`Transcript: ${document.title}`}
                  .maxEditBytes=${this.context.limits ? maxEditBytes(this.context.limits, 'text') : null}
                  .maxRoomBytes=${this.context.limits?.rooms.text.maxRoomBytes ?? null}
                  @cc-edit-refused=${(e: CustomEvent<EditRefusedDetail>) => (this.refusedEdit = editRefusalText(e.detail))}
                  @cc-selection=${(e: CustomEvent<SelectionDetail>) => (this.selection = e.detail)}
                  @cc-quick-code=${(e: CustomEvent<number>) => this.quickCode(e.detail)}
                  @cc-open-palette=${() => this.renderRoot.querySelector<CcCodePalette>('cc-code-palette')?.focus()}
                  @cc-undo=${() => this.undoStep()}
                  @cc-redo=${() => this.redoStep()}
                  .cues=${this.timeline ? this.timeline.marks : null}
                  .currentCue=${this.playing}
                  @cc-seek=${(e: CustomEvent<number>) => this.player?.seek(e.detail)}
                  @cc-media=${(e: CustomEvent<MediaAction>) => this.mediaAction(e.detail)}
                  @cc-stamp=${(e: CustomEvent<number>) => this.stamp(e.detail)}
                ></cc-transcript>`
          }
        </div>
        <aside aria-label="Coding tools">
          <section class="palette">
            <h2>Codes</h2>
            <cc-code-palette
              .codes=${this.codebook.shownCodes}
              .keys=${keyOfCode(this.quickKeys)}
              ?disabled=${!active}
              .hint=${this.paletteHint(active, editable)}
              @cc-apply-code=${(e: CustomEvent<string>) => {
                if (this.applyCode(e.detail)) this.focusDocument();
              }}
              @cc-palette-close=${() => this.focusDocument()}
            ></cc-code-palette>
            <p class="status" role="status" data-testid="coding-status">${this.status}</p>
          </section>
          ${this.renderHere(session.codings)} ${this.renderOrphans()} ${this.renderLayers()}
        </aside>
      </div>
    `;
  }

  /**
   * The player of a recording's document, with its keys; a recording without a transcript yet
   * says how to transcribe it to those who may edit the text.
   */
  private renderPlayer(document: Document, editable: boolean) {
    const source = this.recording();
    if (!source) return nothing;
    const mayEdit = this.project.state?.permissions.editText ?? false;
    const empty = (this.coding.session?.ytext.length ?? 0) === 0;
    return html`<cc-media-player
        .src=${`/api/projects/${document.projectId}/documents/${document.id}/file`}
        .kind=${source.kind}
        .label=${`Recording: ${document.title}`}
        .hint=${recordingKeysHint(editable)}
        @cc-time=${(e: CustomEvent<number>) => this.onTime(e.detail)}
      ></cc-media-player>
      ${
        empty && mayEdit && !editable
          ? html`<p class="transcribe" role="note" data-testid="transcribe-hint">
              No transcript yet. Choose <strong>Edit text</strong>, play the recording with Alt+K and type
              what you hear; Alt+T writes the time it has reached as a timestamp.
            </p>`
          : nothing
      }`;
  }

  /** The "Page | Text" switch of a PDF document. */
  private renderViewSwitch(view: DocumentView) {
    return html`<span class="row switch" role="group" aria-label="Show the PDF as">
      <button
        type="button"
        data-testid="view-page"
        aria-pressed=${String(view === 'page')}
        title="The PDF's pages, with their text selectable for coding"
        @click=${() => view !== 'page' && this.switchView('page')}
      >
        Page
      </button>
      <button
        type="button"
        data-testid="view-text"
        aria-pressed=${String(view === 'text')}
        title="The text read from the PDF, as a transcript"
        @click=${() => view !== 'text' && this.switchView('text')}
      >
        Text
      </button>
    </span>`;
  }

  /** A PDF document's pages, once it is known where they sit in the text. */
  private renderPages(title: string) {
    const session = this.coding.session!;
    if (this.pagesError !== null)
      return html`<p class="error pages-loading" role="alert" data-testid="pages-error">
        The pages could not be read (${this.pagesError}). “Text” shows the document’s text.
      </p>`;
    if (this.pages === null) return html`<p class="muted pages-loading">Loading the pages…</p>`;
    return html`<cc-pdf-pages
      .url=${`/api/projects/${this.projectId}/documents/${this.documentId}/file`}
      .pages=${this.pages}
      .ytext=${session.ytext}
      .payload=${this.payload}
      .label=${`Pages: ${title}`}
      @cc-selection=${(e: CustomEvent<SelectionDetail>) => (this.selection = e.detail)}
      @cc-quick-code=${(e: CustomEvent<number>) => this.quickCode(e.detail)}
      @cc-open-palette=${() => this.renderRoot.querySelector<CcCodePalette>('cc-code-palette')?.focus()}
      @cc-place=${(e: CustomEvent<number>) => (this.place = e.detail)}
    ></cc-pdf-pages>`;
  }

  /** The banner of a document being recoded, or why the rounds are not known yet. */
  private renderRecoding() {
    const recoding = this.recoding();
    if (recoding)
      return html`<p class="recoding" role="note" data-testid="recode-banner">
        ${recodeBanner(recoding.roundName)}
      </p>`;
    if (this.rounds.error && this.project.state?.permissions.code)
      return html`<p class="error" role="alert" data-testid="rounds-error">${this.rounds.error}</p>`;
    return nothing;
  }

  private renderUndoButtons() {
    const next = this.undo?.nextUndo ?? null;
    const again = this.undo?.nextRedo ?? null;
    const undoTitle = next ? `Undo ${stepLabel(next)} (Ctrl+Z)` : 'Nothing to undo';
    const redoTitle = again ? `Redo ${stepLabel(again)} (Ctrl+Shift+Z)` : 'Nothing to redo';
    return html`<span class="row undo" role="group" aria-label="Undo and redo">
      <button
        type="button"
        data-testid="undo"
        ?disabled=${!next || this.editMode}
        title=${undoTitle}
        aria-label=${undoTitle}
        @click=${() => this.undoStep()}
      >
        ↶ Undo
      </button>
      <button
        type="button"
        data-testid="redo"
        ?disabled=${!again || this.editMode}
        title=${redoTitle}
        aria-label=${redoTitle}
        @click=${() => this.redoStep()}
      >
        ↷ Redo
      </button>
    </span>`;
  }

  /**
   * The transcript's room was refused as too large: say so at the document, and offer to throw
   * away this browser's copy (whose changes would be refused again on every visit) and load the
   * transcript afresh from the server.
   */
  private renderRoomFull() {
    return html`<p class="error" role="alert" data-testid="room-full">
      ${roomFullText(this.context?.limits?.rooms.text.maxRoomBytes ?? null)}
      <button type="button" data-testid="discard-local-copy" @click=${() => void this.discardLocalText()}>
        Discard this browser’s unsaved changes and reload the transcript from the server
      </button>
    </p>`;
  }

  private async discardLocalText(): Promise<void> {
    const hub = this.context?.hub;
    if (!hub || !this.documentId) return;
    await hub.discardLocalCopy(roomName.text(this.documentId));
    location.reload();
  }

  private renderRemoved(removed: RemovedNotice) {
    return html`<p class="removed" role="status" data-testid="removed-notice">
      Removed ‘${removed.codeName}’${removed.quote ? ` from “${removed.quote}”` : ''}.
      <button
        type="button"
        data-testid="undo-remove"
        @click=${() => {
          this.undoStep();
          this.focusDocument();
        }}
      >
        Undo
      </button>
    </p>`;
  }

  private paletteHint(active: string | null, editable: boolean): string {
    if (this.codebook.synced && this.codebook.codes.length === 0) {
      return this.project.state?.permissions.editCodebook
        ? 'The codebook has no codes yet: add themes and codes on the Codebook page.'
        : 'The codebook has no codes yet: the owner or a reviewer adds them.';
    }
    if (!active && this.project.state?.permissions.code && this.rounds.rounds === null)
      return 'Checking this project’s rounds before coding…';
    if (!active) return 'You can read this project but not code it.';
    if (editable) return 'Editing text: Alt+1–9 apply quick codes.';
    return this.selection.from === this.selection.to
      ? 'Select a passage, then pick a code or press 1–9.'
      : 'Enter or click applies the code to the selection.';
  }

  private renderHere(codings: readonly ViewCoding[]) {
    const shown = new Set(this.payload?.layers ?? []);
    const here = codingsAt(
      codings.filter((c) => shown.has(c.coder)),
      this.selection.from,
      this.selection.to,
    );
    const codes = new Map(this.codebook.shownCodes.map((c) => [c.id, c]));
    const session = this.coding.session!;
    const hasSelection = this.selection.from !== this.selection.to;
    return html`<section class="here" aria-label="Codings at the cursor">
      <h2>Here (${here.length})</h2>
      ${
        here.length === 0
          ? html`<p class="muted" style="margin:0;font-size:13px">No codings at the cursor.</p>`
          : html`<ul class="here" data-testid="codings-here">
              ${here.map((c) => {
                const code = codes.get(c.codeId);
                const writable = this.writable(c.coder);
                return html`<li
                  style=${styleMap({ '--code-color': code?.color ?? '#777' })}
                  data-coding=${c.id}
                >
                  <div>
                    <strong>${code?.name ?? 'Unknown code'}</strong>
                    <span class="muted">· ${this.layerName(c.coder)}</span>
                  </div>
                  ${
                    writable
                      ? html`<label class="visually-hidden" for="code-${c.id}">Code of this coding</label>
                          <select
                            id="code-${c.id}"
                            class="recode"
                            data-testid="recode"
                            @change=${(e: Event) => this.recode(c.coder, c.id, (e.target as HTMLSelectElement).value)}
                          >
                            ${this.codebook.codes.map(
                              (option) =>
                                html`<option value=${option.id} ?selected=${option.id === c.codeId}>
                                  ${option.name}
                                </option>`,
                            )}
                          </select>
                          <label class="visually-hidden" for="memo-${c.id}">Memo</label>
                          <textarea
                            id="memo-${c.id}"
                            placeholder="Memo…"
                            .value=${c.memo}
                            @input=${(e: Event) =>
                              this.step(
                                c.coder,
                                { kind: 'memo', codeName: code?.name ?? 'coding', codingId: c.id },
                                () =>
                                  session.update(c.coder, c.id, {
                                    memo: (e.target as HTMLTextAreaElement).value,
                                  }),
                              )}
                          ></textarea>
                          <div class="actions">
                            <button
                              type="button"
                              ?disabled=${!hasSelection}
                              title="Make this coding cover the selected text"
                              @click=${() =>
                                this.step(
                                  c.coder,
                                  { kind: 'fit', codeName: code?.name ?? 'coding', codingId: c.id },
                                  () =>
                                    session.update(c.coder, c.id, {
                                      from: this.selection.from,
                                      to: this.selection.to,
                                    }),
                                )}
                            >
                              Fit to selection
                            </button>
                            <button
                              type="button"
                              class="danger"
                              @click=${() =>
                                this.removeCoding(c.coder, {
                                  id: c.id,
                                  codeName: code?.name ?? 'coding',
                                  quote: session.ytext.toString().slice(c.from, c.to),
                                })}
                            >
                              Remove
                            </button>
                          </div>`
                      : c.memo
                        ? html`<div>${c.memo}</div>`
                        : nothing
                  }
                </li>`;
              })}
            </ul>`
      }
    </section>`;
  }

  /**
   * Codings of the shown layers whose text was deleted: never hidden, so whoever may write the
   * layer can put them on a passage again (or remove them).
   */
  private renderOrphans() {
    const session = this.coding.session!;
    const shown = new Set(this.payload?.layers ?? []);
    const orphans = session.orphans.filter((o) => shown.has(o.coder));
    if (orphans.length === 0) return nothing;
    const codes = new Map(this.codebook.shownCodes.map((c) => [c.id, c]));
    const hasSelection = this.selection.from !== this.selection.to;
    const person = (id: string | null) =>
      id === null ? 'unknown' : (this.project.state?.members.find((m) => m.userId === id)?.name ?? id);
    // Focusable: the list scrolls within its share of the sidebar, and its Re-anchor buttons are
    // disabled until text is selected, so the keyboard needs the region itself to scroll it.
    return html`<section class="orphans" aria-label="Orphaned codings" tabindex="0">
      <h2>Orphaned (${orphans.length})</h2>
      <p class="muted" style="margin:0 0 6px;font-size:12px">
        Their text was deleted; they are left out of agreement and exports until re-anchored.
      </p>
      <ul class="here" data-testid="orphaned-codings">
        ${orphans.map((o) => {
          const code = o.code === null ? undefined : codes.get(o.code);
          const writable = this.writable(o.coder) && o.reason !== 'invalid';
          return html`<li
            class="orphan"
            style=${styleMap({ '--code-color': code?.color ?? '#777' })}
            data-coding=${o.id}
          >
            <div>
              <strong>${code?.name ?? (o.code === null ? 'Unreadable coding' : 'Unknown code')}</strong>
              <span class="muted">· ${this.layerName(o.coder)}</span>
              ${
                o.author !== null && o.author !== o.coder
                  ? html`<span class="muted">· by ${person(o.author)}</span>`
                  : nothing
              }
            </div>
            ${
              o.quote !== null
                ? html`<div class="quote" title="The text when it was coded">“${o.quote}”</div>`
                : html`<div class="muted">Coded before quotes were kept.</div>`
            }
            ${o.memo ? html`<div>${o.memo}</div>` : nothing}
            ${
              writable
                ? html`<div class="actions">
                    <button
                      type="button"
                      ?disabled=${!hasSelection}
                      title=${hasSelection ? 'Put this coding on the selected text' : 'Select a passage first'}
                      @click=${() => this.reanchor(o.coder, o.id, code?.name ?? 'coding')}
                    >
                      Re-anchor to selection
                    </button>
                    <button
                      type="button"
                      class="danger"
                      @click=${() =>
                        this.removeCoding(o.coder, {
                          id: o.id,
                          codeName: code?.name ?? 'coding',
                          quote: o.quote ?? '',
                        })}
                    >
                      Remove
                    </button>
                  </div>`
                : nothing
            }
          </li>`;
        })}
      </ul>
    </section>`;
  }

  /** Puts another code on a coding (same passage, memo and author), as an undoable step. */
  private recode(layer: string, codingId: string, codeId: string): void {
    const session = this.coding.session;
    const code = this.codebook.codes.find((c) => c.id === codeId);
    if (!session || !code || !this.writable(layer)) return;
    this.step(layer, { kind: 'recode', codeName: code.name, codingId }, () =>
      session.update(layer, codingId, { codeId }),
    );
    this.status = `Changed the code to “${code.name}”.`;
  }

  private reanchor(layer: string, codingId: string, name: string): void {
    const session = this.coding.session;
    const { from, to } = this.selection;
    if (!session || !this.writable(layer)) return;
    this.status = this.step(layer, { kind: 'reanchor', codeName: name, codingId }, () =>
      session.reanchor(layer, codingId, from, to),
    )
      ? `Re-anchored “${name}” to the selection.`
      : 'Select a passage first.';
  }

  private renderLayers() {
    const session = this.coding.session!;
    const counts = new Map<string, number>();
    for (const c of session.codings) counts.set(c.coder, (counts.get(c.coder) ?? 0) + 1);
    const layers = listedLayers(this.layers(), {
      roles: new Map((this.project.state?.members ?? []).map((m) => [m.userId, m.role])),
      codings: counts,
      done: (layer) => session.isCompleted(layer),
      recoding: this.recoding()?.layer ?? null,
    });
    return html`<section class="layers" aria-label="Layers">
      <h2>Layers</h2>
      <ul class="layers" data-testid="layers">
        ${layers.map((layer) => {
          const state = session.layerState(layer);
          return html`<li data-layer=${layer}>
            <label>
              <input
                type="checkbox"
                .checked=${!this.hiddenLayers.has(layer)}
                ?disabled=${state === 'refused'}
                @change=${(e: Event) => this.setHidden(layer, !(e.target as HTMLInputElement).checked)}
              />
              ${this.layerName(layer)}
            </label>
            <span class="muted"
              >${state === 'refused' ? 'not visible now' : `${counts.get(layer) ?? 0}`}</span
            >
            ${session.isCompleted(layer) ? html`<span class="done" title="Marked done">✓</span>` : nothing}
          </li>`;
        })}
      </ul>
    </section>`;
  }
}
