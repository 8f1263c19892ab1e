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
import { editSizeLimit, type EditRefusal } from '../../editor/editSize.ts';
import { citationLineNumbers, transcriptStructure } from '../../editor/transcriptStructure.ts';
import styles from './transcript.styles.ts';

export interface SelectionDetail {
  from: number;
  to: number;
}

/** An edit refused for its size: too large at once, or the transcript would outgrow its room. */
export type EditRefusedDetail = EditRefusal;

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
  /** The CodeMirror view, once rendered. */
  view: EditorView | null = null;
  private readonly readOnly = new Compartment();
  private readonly codingKeys = new Compartment();
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
        ],
      });
    }
    if (changed.has('payload') && this.payload) view.dispatch({ effects: setCodings.of(this.payload) });
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
  }
}
