/**
 * A recording's timeline in the transcript editor: the time of each cue in a gutter beside the
 * line it starts on (clicking it seeks the player there) and the cue being played highlighted.
 * Cues arrive as editor (UTF-16) offsets through `setCues` whenever the timeline or the text
 * changed; until then they are mapped through each edit, so nothing jumps while typing.
 */
import {
  RangeSet,
  RangeSetBuilder,
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
  type Text,
} from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutter, type DecorationSet } from '@codemirror/view';
import { formatTime } from '../../../shared/model/cues.ts';
import { cueOfLine } from '../model/playback.ts';

/** A cue in editor offsets (UTF-16, half-open) with its start time in milliseconds. */
export interface CueMark {
  from: number;
  to: number;
  startMs: number;
  endMs: number;
}

interface CueState {
  cues: readonly CueMark[];
  /** Index into `cues` of the cue being played, or null. */
  current: number | null;
  /** The times shown in the gutter, worked out once per change of cues or text. */
  markers: RangeSet<GutterMarker>;
  /** The highlight of the cue being played. */
  highlight: DecorationSet;
}

/** Replaces the cues shown (editor offsets of the text as it is now). */
export const setCues = StateEffect.define<readonly CueMark[]>();
/** Marks the cue being played (an index into the cues last set), or none. */
export const setCurrentCue = StateEffect.define<number | null>();

const cueField = StateField.define<CueState>({
  create: () => ({ cues: [], current: null, markers: RangeSet.empty, highlight: Decoration.none }),
  update(value, tr) {
    let next = value;
    let moved = false;
    let played = false;
    if (tr.docChanged && value.cues.length > 0) {
      next = {
        ...next,
        cues: value.cues.map((c) => ({
          ...c,
          from: tr.changes.mapPos(c.from, 1),
          to: tr.changes.mapPos(c.to, -1),
        })),
      };
      moved = true;
    }
    for (const effect of tr.effects) {
      if (effect.is(setCues)) {
        next = { ...next, cues: effect.value, current: null };
        moved = true;
      } else if (effect.is(setCurrentCue)) {
        next = { ...next, current: effect.value };
        played = true;
      }
    }
    if (moved) next = { ...next, markers: timeMarkers(next.cues, tr.state.doc) };
    if (moved || played) next = { ...next, highlight: highlightOf(next, tr.state.doc) };
    return next;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (value): DecorationSet => {
      return value.highlight;
    }),
});

const currentMark = Decoration.mark({ class: 'cc-cue-current', attributes: { 'data-cue': 'current' } });
const currentLine = Decoration.line({ class: 'cc-cue-line' });

/**
 * The cue's words, and its lines lightly: a timestamp typed while transcribing covers only
 * itself, and the turn it stands in is what is being heard.
 */
function highlightOf(state: CueState, doc: Text): DecorationSet {
  const cue = state.current === null ? undefined : state.cues[state.current];
  if (!cue || cue.to <= cue.from || cue.to > doc.length) return Decoration.none;
  const ranges = [];
  const last = doc.lineAt(cue.to).number;
  for (let n = doc.lineAt(cue.from).number; n <= last; n++) ranges.push(currentLine.range(doc.line(n).from));
  ranges.push(currentMark.range(cue.from, cue.to));
  return Decoration.set(ranges, true);
}

/** The cue of the line the position is on (see `cueOfLine`), in editor offsets. */
export function cueAtLine(view: EditorView, position: number): CueMark | null {
  const line = view.state.doc.lineAt(position);
  const cues = view.state.field(cueField, false)?.cues ?? [];
  const spans = cues.map((c) => ({ ...c, start: c.from, end: c.to }));
  return cueOfLine(spans, line.from, line.to);
}

/** The cues shown, in editor offsets as the text is now, and the index of the one played. */
export function shownCues(state: EditorState): { cues: readonly CueMark[]; current: number | null } {
  const value = state.field(cueField, false);
  return { cues: value?.cues ?? [], current: value?.current ?? null };
}

class TimeMarker extends GutterMarker {
  /** `spacer`: the invisible marker that sets the gutter's width, not a time to click. */
  constructor(
    private readonly ms: number,
    private readonly spacer = false,
  ) {
    super();
  }
  override eq(other: TimeMarker): boolean {
    return other.ms === this.ms && other.spacer === this.spacer;
  }
  override toDOM(): Node {
    const span = document.createElement('span');
    span.className = this.spacer ? 'cc-cue-spacer' : 'cc-cue-time';
    span.textContent = formatTime(this.ms);
    span.title = `Play from ${formatTime(this.ms)}`;
    span.dataset.ms = String(this.ms);
    return span;
  }
}

function timeMarkers(cues: readonly CueMark[], doc: Text): RangeSet<GutterMarker> {
  const builder = new RangeSetBuilder<GutterMarker>();
  let lastLine = -1;
  // Cues are ordered by start: the first cue of a line shows its time there.
  for (const cue of [...cues].sort((a, b) => a.from - b.from)) {
    if (cue.to <= cue.from || cue.from > doc.length) continue;
    const line = doc.lineAt(cue.from);
    if (line.number === lastLine) continue;
    lastLine = line.number;
    builder.add(line.from, line.from, new TimeMarker(cue.startMs));
  }
  return builder.finish();
}

/**
 * The timeline extension. `onSeek` is called with a time in milliseconds when a time in the
 * gutter is clicked.
 */
export function cueMarks(onSeek: (ms: number) => void): Extension {
  return [
    cueField,
    gutter({
      class: 'cc-cue-times',
      markers: (view) => view.state.field(cueField).markers,
      initialSpacer: () => new TimeMarker(0, true),
      domEventHandlers: {
        mousedown(view, line, event) {
          const target = event.target as HTMLElement | null;
          if (!target?.classList.contains('cc-cue-time')) return false;
          const cue = cueAtLine(view, line.from);
          if (!cue) return false;
          onSeek(cue.startMs);
          return true;
        },
      },
    }),
    EditorView.baseTheme({
      '.cc-cue-times .cc-cue-time, .cc-cue-times .cc-cue-spacer': {
        cursor: 'pointer',
        fontVariantNumeric: 'tabular-nums',
        fontSize: '12px',
        padding: '0 6px',
        color: '#1f5fbf',
        textDecoration: 'underline',
      },
      '.cc-cue-current': { background: 'rgba(255, 214, 10, 0.45)', borderRadius: '2px' },
      '.cc-cue-line': { background: 'rgba(255, 214, 10, 0.14)' },
    }),
  ];
}
