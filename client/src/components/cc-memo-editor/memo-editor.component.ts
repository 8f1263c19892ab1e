import { defaultKeymap } from '@codemirror/commands';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, keymap } from '@codemirror/view';
import { LitElement, css, html } from 'lit';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/**
 * A memo's body in a CodeMirror 6 editor bound to the memo room's `Y.Text` (y-codemirror.next):
 * everyone's edits merge as they type, others' cursors and selections show with their names,
 * and undo takes back only one's own edits. Read-only when the reader may not write the memo.
 */
export class CcMemoEditor extends LitElement {
  static override styles = css`
    :host {
      display: block;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      background: var(--cc-surface, #fff);
      min-height: 240px;
    }
    .editor {
      min-height: 240px;
    }
  `;
  static override properties = {
    ytext: { attribute: false },
    awareness: { attribute: false },
    editable: { type: Boolean },
    label: { type: String },
  };
  declare ytext: Y.Text | null;
  declare awareness: Awareness | null;
  declare editable: boolean;
  /** Accessible name of the editor. */
  declare label: string;
  private view: EditorView | null = null;
  private readonly readOnly = new Compartment();
  private boundTo: { ytext: Y.Text; awareness: Awareness | null } | null = null;

  constructor() {
    super();
    this.ytext = null;
    this.awareness = null;
    this.editable = false;
    this.label = 'Memo text';
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
    } else if (this.view && changed.has('editable')) {
      this.view.dispatch({ effects: this.readOnly.reconfigure(EditorState.readOnly.of(!this.editable)) });
    }
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
          drawSelection(),
          EditorView.lineWrapping,
          this.readOnly.of(EditorState.readOnly.of(!this.editable)),
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          yCollab(ytext, awareness),
          EditorView.theme({
            '&': { fontSize: '15px', minHeight: '240px' },
            '.cm-content': { padding: '12px', lineHeight: '1.6', fontFamily: 'inherit' },
            '&.cm-focused': { outline: 'none', boxShadow: 'var(--cc-focus)' },
          }),
          EditorView.contentAttributes.of({ 'aria-label': this.label, 'aria-multiline': 'true' }),
        ],
      }),
    });
    this.boundTo = { ytext, awareness };
  }

  override render() {
    return html`<div class="editor" data-testid="memo-editor"></div>`;
  }
}
