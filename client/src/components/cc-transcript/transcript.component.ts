import { defaultKeymap } from '@codemirror/commands';
import { Compartment, EditorSelection, EditorState, Prec } from '@codemirror/state';
import { EditorView, drawSelection, keymap, type KeyBinding } from '@codemirror/view';
import { LitElement, html } from 'lit';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import {
  codingHover,
  codingMarks,
  codingTheme,
  setCodings,
  stripeGutter,
  type CodingsPayload,
} from '../../editor/codingMarks.ts';
import { cueAtLine, cueMarks, setCues, setCurrentCue, type CueMark } from '../../editor/cueMarks.ts';
import { editSizeLimit, type EditRefusal } from '../../editor/editSize.ts';
import { citationLineNumbers, transcriptStructure } from '../../editor/transcriptStructure.ts';
import styles from './transcript.styles.ts';

export interface SelectionDetail {
  from: number;
  to: number;
}

/** An edit refused for its size: too large at once, or the transcript would outgrow its room. */
export type EditRefusedDetail = EditRefusal;

/** What a player key asks of the recording's player. */
export type MediaAction = 'toggle' | 'back' | 'slower' | 'faster';

/**
 * How long after the user last scrolled, clicked or typed in the transcript the text stops
 * following the recording, in milliseconds: following must not pull the text from under them.
 */
const FOLLOW_PAUSE_MS = 4000;

/**
 * The transcript in a CodeMirror 6 editor bound to the document's `Y.Text` (y-codemirror.next):
 * paragraph and turn numbers, speaker turns, coding highlights and margin stripes, other people's cursors and
 * selections. Text edits are collaborative; in coding mode the text is read-only and the number
 * keys apply quick codes.
 *
 * @event cc-selection - `CustomEvent<SelectionDetail>` when the selection moves.
 * @event cc-quick-code - `CustomEvent<number>`: a number key (0 for "1") asked for a quick code.
 * @event cc-open-palette - `/` asked for the code palette.
 * @event cc-edit-refused - `CustomEvent<EditRefusedDetail>`: an edit larger than `maxEditBytes`,
 *   or one growing the text past what `maxRoomBytes` leaves room for, was dropped before it
 *   reached the shared document.
 * @event cc-seek - `CustomEvent<number>`: a cue's time (milliseconds) was clicked, or Alt+G asked
 *   for the cue of the cursor's line.
 * @event cc-media - `CustomEvent<MediaAction>`: a player key (Alt+K, Alt+J, Alt+, and Alt+.).
 * @event cc-stamp - `CustomEvent<number>`: Alt+T while editing asked for a timestamp at this
 *   UTF-16 offset (the cursor).
 */
export class CcTranscript extends LitElement {
  static override styles = styles;
  static override properties = {
    ytext: { attribute: false },
    awareness: { attribute: false },
    payload: { attribute: false },
    editable: { type: Boolean },
    label: { type: String },
    maxEditBytes: { attribute: false },
    maxRoomBytes: { attribute: false },
    cues: { attribute: false },
    currentCue: { attribute: false },
  };
  declare ytext: Y.Text | null;
  /** Presence to share cursors through; null shares none (a blind round). */
  declare awareness: Awareness | null;
  declare payload: CodingsPayload | null;
  /** Text may be edited (otherwise coding mode: read-only, number keys code). */
  declare editable: boolean;
  /** Accessible name of the editor. */
  declare label: string;
  /** The largest edit the server takes for this text, in bytes; null while unknown. */
  declare maxEditBytes: number | null;
  /** The most the server keeps of this text's room, in bytes; null while unknown. */
  declare maxRoomBytes: number | null;
  /**
   * The recording's cues in editor offsets, or null for a document without a recording (no times
   * are shown and the player keys are off).
   */
  declare cues: readonly CueMark[] | null;
  /** Index into `cues` of the cue being played, or null. */
  declare currentCue: number | null;
  /** The CodeMirror view, once rendered. */
  view: EditorView | null = null;
  private readonly readOnly = new Compartment();
  private readonly codingKeys = new Compartment();
  private readonly mediaKeys = new Compartment();
  /** The timeline's gutter and highlight, only for a document with a recording. */
  private readonly timeline = new Compartment();
  /** When the user last scrolled, clicked or typed in the text (ms since the epoch). */
  private lastActivity = 0;
  private boundTo: { ytext: Y.Text; awareness: Awareness | null } | null = null;

  constructor() {
    super();
    this.ytext = null;
    this.awareness = null;
    this.payload = null;
    this.editable = false;
    this.label = 'Transcript';
    this.maxEditBytes = null;
    this.maxRoomBytes = null;
    this.cues = null;
    this.currentCue = null;
  }

  /** Puts the cursor at a UTF-16 offset without scrolling the text to the middle. */
  placeCursor(position: number): void {
    const view = this.view;
    if (!view) return;
    const at = Math.min(Math.max(0, position), view.state.doc.length);
    view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
    view.focus();
  }

  /** Selects a range and brings it into view. */
  select(from: number, to: number): void {
    const view = this.view;
    if (!view) return;
    const length = view.state.doc.length;
    const a = Math.min(Math.max(0, from), length);
    const b = Math.min(Math.max(a, to), length);
    view.dispatch({
      selection: EditorSelection.range(a, b),
      effects: EditorView.scrollIntoView(a, { y: 'center' }),
    });
    view.focus();
  }

  override focus(): void {
    this.view?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.destroy();
    this.view = null;
    this.boundTo = null;
  }

  override updated(changed: Map<string, unknown>): void {
    if (this.ytext && (this.boundTo?.ytext !== this.ytext || this.boundTo.awareness !== this.awareness)) {
      this.createView(this.ytext, this.awareness);
    }
    const view = this.view;
    if (!view) return;
    if (changed.has('editable')) {
      view.dispatch({
        effects: [
          this.readOnly.reconfigure(EditorState.readOnly.of(!this.editable)),
          this.codingKeys.reconfigure(this.codingKeymap()),
          this.mediaKeys.reconfigure(this.mediaKeymap()),
        ],
      });
    }
    if (changed.has('payload') && this.payload) view.dispatch({ effects: setCodings.of(this.payload) });
    if (changed.has('cues')) {
      if (((changed.get('cues') ?? null) === null) !== (this.cues === null)) {
        view.dispatch({
          effects: [
            this.mediaKeys.reconfigure(this.mediaKeymap()),
            this.timeline.reconfigure(this.timelineExtension()),
          ],
        });
      }
      // Apart from the reconfiguration: a field just added starts from its own initial value.
      view.dispatch({ effects: setCues.of(this.cues ?? []) });
    }
    if (changed.has('cues') || changed.has('currentCue')) this.showCurrentCue(view);
  }

  /** Highlights the cue being played and scrolls it into view, unless the user is busy here. */
  private showCurrentCue(view: EditorView): void {
    const index = this.currentCue;
    const cue = index === null ? null : (this.cues?.[index] ?? null);
    const follow = cue !== null && Date.now() - this.lastActivity > FOLLOW_PAUSE_MS;
    view.dispatch({
      effects: [
        setCurrentCue.of(cue === null ? null : index),
        ...(follow ? [EditorView.scrollIntoView(cue.from, { y: 'nearest', yMargin: 48 })] : []),
      ],
    });
  }

  private createView(ytext: Y.Text, awareness: Awareness | null): void {
    this.view?.destroy();
    const parent = this.renderRoot.querySelector('.editor')!;
    this.view = new EditorView({
      parent,
      root: this.renderRoot as ShadowRoot,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          citationLineNumbers,
          stripeGutter,
          drawSelection(),
          EditorView.lineWrapping,
          this.readOnly.of(EditorState.readOnly.of(!this.editable)),
          Prec.high(this.codingKeys.of(this.codingKeymap())),
          Prec.high(this.mediaKeys.of(this.mediaKeymap())),
          this.timeline.of(this.timelineExtension()),
          EditorView.domEventHandlers({
            wheel: () => void (this.lastActivity = Date.now()),
            pointerdown: () => void (this.lastActivity = Date.now()),
            touchstart: () => void (this.lastActivity = Date.now()),
            keydown: (e) => void (!e.altKey && (this.lastActivity = Date.now())),
          }),
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          // Before yCollab sees it: a refused edit never reaches the Y.Text.
          editSizeLimit(
            () => ({ maxEditBytes: this.maxEditBytes, maxRoomBytes: this.maxRoomBytes }),
            (refusal) =>
              this.dispatchEvent(
                new CustomEvent<EditRefusedDetail>('cc-edit-refused', {
                  detail: refusal,
                  bubbles: true,
                  composed: true,
                }),
              ),
          ),
          yCollab(ytext, awareness),
          codingMarks,
          codingHover,
          codingTheme,
          transcriptStructure,
          editorTheme,
          EditorView.contentAttributes.of({ 'aria-label': this.label, 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (!update.selectionSet) return;
            const { from, to } = update.state.selection.main;
            this.dispatchEvent(
              new CustomEvent<SelectionDetail>('cc-selection', {
                detail: { from, to },
                bubbles: true,
                composed: true,
              }),
            );
          }),
        ],
      }),
    });
    this.boundTo = { ytext, awareness };
    if (this.payload) this.view.dispatch({ effects: setCodings.of(this.payload) });
    if (this.cues) this.view.dispatch({ effects: setCues.of(this.cues) });
  }

  private timelineExtension() {
    return this.cues === null ? [] : cueMarks((ms) => this.emit('cc-seek', ms));
  }

  private emit<T>(name: 'cc-seek' | 'cc-media' | 'cc-stamp', detail: T): true {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
    return true;
  }

  /**
   * The player keys, for a document with a recording only: Alt+K plays or pauses, Alt+J goes
   * back 5 s, Alt+, and Alt+. play slower and faster, Alt+G plays from the cue of the cursor's
   * line, and while editing Alt+T types the current time as a timestamp. Alt with a letter keeps
   * them clear of the quick codes (1–9, Alt+1–9, `/`) and of typing.
   */
  private mediaKeymap() {
    if (this.cues === null) return [];
    const media = (action: MediaAction) => () => this.emit('cc-media', action);
    const bindings: KeyBinding[] = [
      { key: 'Alt-k', run: media('toggle') },
      { key: 'Alt-j', run: media('back') },
      { key: 'Alt-,', run: media('slower') },
      { key: 'Alt-.', run: media('faster') },
      {
        key: 'Alt-g',
        run: (view) => {
          const cue = cueAtLine(view, view.state.selection.main.head);
          return cue ? this.emit('cc-seek', cue.startMs) : false;
        },
      },
    ];
    if (this.editable) {
      bindings.push({ key: 'Alt-t', run: (view) => this.emit('cc-stamp', view.state.selection.main.head) });
    }
    return keymap.of(bindings);
  }

  /**
   * Number keys (coding mode) and Alt+number (always) apply quick codes; `/` opens the palette;
   * in coding mode Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y ask for undo and redo of coding steps
   * (`cc-undo`, `cc-redo`).
   */
  private codingKeymap() {
    const quick = (index: number) => () => {
      this.dispatchEvent(
        new CustomEvent<number>('cc-quick-code', { detail: index, bubbles: true, composed: true }),
      );
      return true;
    };
    const bindings: KeyBinding[] = [];
    for (let i = 0; i < 9; i++) {
      bindings.push({ key: `Alt-${i + 1}`, run: quick(i) });
      if (!this.editable) bindings.push({ key: String(i + 1), run: quick(i) });
    }
    if (!this.editable) {
      // While coding, undo is of coding steps (the coding view's), not of the text.
      const ask = (name: 'cc-undo' | 'cc-redo') => () => {
        this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
        return true;
      };
      bindings.push({ key: 'Mod-z', run: ask('cc-undo') });
      bindings.push({ key: 'Mod-Shift-z', run: ask('cc-redo') });
      bindings.push({ key: 'Mod-y', run: ask('cc-redo') });
      bindings.push({
        key: '/',
        run: () => {
          this.dispatchEvent(new CustomEvent('cc-open-palette', { bubbles: true, composed: true }));
          return true;
        },
      });
    }
    return keymap.of(bindings);
  }

  override render() {
    return html`<div class="editor"></div>`;
  }
}

const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '15px' },
  '&.cm-focused': { outline: '2px solid var(--cc-accent, #1f5fbf)', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'var(--cc-font)', lineHeight: '1.65', overflow: 'auto' },
  '.cm-content': { maxWidth: '80ch', padding: '16px 28px 48px 16px', caretColor: '#1b1f24' },
  '.cm-gutters': { background: '#f3f5f8', borderRight: '1px solid #d5d9e0', color: '#4a5360' },
  '.cm-lineNumbers .cm-gutterElement': { fontSize: '12px', padding: '0 6px 0 10px', minWidth: '32px' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { background: 'rgba(31, 95, 191, 0.28)' },
});

declare global {
  interface HTMLElementEventMap {
    'cc-selection': CustomEvent<SelectionDetail>;
    'cc-quick-code': CustomEvent<number>;
    'cc-open-palette': CustomEvent<void>;
    'cc-undo': CustomEvent<void>;
    'cc-redo': CustomEvent<void>;
    'cc-seek': CustomEvent<number>;
    'cc-media': CustomEvent<MediaAction>;
    'cc-stamp': CustomEvent<number>;
  }
}
