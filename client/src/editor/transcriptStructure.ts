/**
 * Speaker turns in the transcript: `Name:` at the start of a line is shown as a label. The margin
 * numbers paragraphs and speaker turns, what researchers cite, rather than every line.
 */
import { RangeSetBuilder, StateField, type EditorState } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  lineNumbers,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { citationNumbers, speakerLabelLength } from '../model/transcript.ts';

/** The citation number of every line (0: none), recomputed when the text changes. */
const citations = StateField.define<Uint32Array>({
  create: (state) => citationNumbers(state.doc.toJSON()),
  update: (value, tr) => (tr.docChanged ? citationNumbers(tr.state.doc.toJSON()) : value),
});

/** Line numbers that count paragraphs and speaker turns; blank and continuation lines show none. */
export const citationLineNumbers = [
  citations,
  lineNumbers({
    formatNumber: (lineNo: number, state: EditorState) => {
      const n = state.field(citations, false)?.[lineNo - 1] ?? 0;
      return n === 0 ? '' : String(n);
    },
  }),
];

const speaker = Decoration.mark({ class: 'cc-speaker' });
const turnLine = Decoration.line({ class: 'cc-turn' });

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  // Only the lines on screen: a long transcript costs nothing here.
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = view.state.doc.lineAt(pos);
      const label = speakerLabelLength(line.text);
      if (label > 0) {
        builder.add(line.from, line.from, turnLine);
        builder.add(line.from, line.from + label, speaker);
      }
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

export const transcriptStructure = [
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(view);
      }
      update(update: ViewUpdate): void {
        if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
      }
    },
    { decorations: (v) => v.decorations },
  ),
  EditorView.baseTheme({
    '.cc-speaker': { fontWeight: '700' },
    '.cc-turn': { paddingTop: '2px' },
  }),
];
