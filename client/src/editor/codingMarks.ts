/**
 * The codings as CodeMirror sees them: highlights in code colours (the layer being coded into
 * solid, other layers lighter and underlined), margin stripes per coding grouped by layer, and a
 * hover card naming code, coder and memo. Everything is built from one `setCodings` effect and
 * mapped through edits until the next one.
 */
import {
  RangeSet,
  RangeSetBuilder,
  StateEffect,
  StateField,
  type EditorState,
  type Text,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  GutterMarker,
  gutter,
  hoverTooltip,
  type DecorationSet,
  type Tooltip,
} from '@codemirror/view';
import { codingsAt, type ViewCoding } from '../coding/ViewCoding.ts';
import { withAlpha } from '../model/colors.ts';
import { layoutStripes, segmentsByLine, type LineSegment } from '../model/stripes.ts';

/** Names and colours the marks show. */
export interface CodingLabels {
  codes: ReadonlyMap<string, { name: string; color: string }>;
  /** Display names of layers (coder ids, `consensus`). */
  layers: ReadonlyMap<string, string>;
}

/** What the editor shows. */
export interface CodingsPayload {
  codings: readonly ViewCoding[];
  labels: CodingLabels;
  /** Layers in margin order; only these are shown. */
  layers: readonly string[];
  /** The layer new codings go into: its highlights are solid. */
  active: string | null;
}

export const setCodings = StateEffect.define<CodingsPayload>();

interface CodingMarks {
  payload: CodingsPayload;
  /** The shown codings, positions mapped through edits since the payload. */
  shown: readonly ViewCoding[];
  decorations: DecorationSet;
  stripes: RangeSet<GutterMarker>;
}

const GREY = '#777777';
const LANE_PX = 5;

const empty: CodingMarks = {
  payload: { codings: [], labels: { codes: new Map(), layers: new Map() }, layers: [], active: null },
  shown: [],
  decorations: Decoration.none,
  stripes: RangeSet.empty,
};

export const codingMarks = StateField.define<CodingMarks>({
  create: () => empty,
  update(value, tr) {
    let next = value;
    for (const effect of tr.effects) if (effect.is(setCodings)) next = build(effect.value, tr.state);
    if (next === value && tr.docChanged) {
      const shown = value.shown.map((c) => ({
        ...c,
        from: tr.changes.mapPos(c.from, 1),
        to: tr.changes.mapPos(c.to, -1),
      }));
      next = {
        ...value,
        shown,
        decorations: value.decorations.map(tr.changes),
        stripes: value.stripes.map(tr.changes),
      };
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (v) => v.decorations),
});

function build(payload: CodingsPayload, state: EditorState): CodingMarks {
  const visible = new Set(payload.layers);
  const length = state.doc.length;
  const shown = payload.codings.filter((c) => visible.has(c.coder) && c.to <= length && c.from < c.to);
  const ranges = shown.map((c) => markFor(c, payload).range(c.from, c.to));
  return {
    payload,
    shown,
    decorations: Decoration.set(ranges, true),
    stripes: stripesFor(shown, payload, state.doc),
  };
}

function markFor(c: ViewCoding, payload: CodingsPayload): Decoration {
  const color = payload.labels.codes.get(c.codeId)?.color ?? GREY;
  const active = c.coder === payload.active;
  const style = active
    ? `background-color: ${withAlpha(color, 0.3)}`
    : `background-color: ${withAlpha(color, 0.1)}; text-decoration: underline ${color} 2px; text-underline-offset: 3px`;
  return Decoration.mark({
    class: active ? 'cc-coding cc-active' : 'cc-coding',
    attributes: { style, 'data-coding': c.id, 'data-coder': c.coder, 'data-code': c.codeId },
  });
}

function stripesFor(
  shown: readonly ViewCoding[],
  payload: CodingsPayload,
  doc: Text,
): RangeSet<GutterMarker> {
  const byId = new Map(shown.map((c) => [c.id, c]));
  const layout = layoutStripes(
    shown.map((c) => ({
      id: c.id,
      group: c.coder,
      startLine: doc.lineAt(c.from).number,
      // A coding that ends right after a line break does not reach into the next line.
      endLine: doc.lineAt(Math.max(c.from, c.to - 1)).number,
    })),
    payload.layers,
  );
  const lines = segmentsByLine(layout);
  const builder = new RangeSetBuilder<GutterMarker>();
  const numbers = [...new Set([...lines.keys(), ...layout.overflow.keys()])].sort((a, b) => a - b);
  for (const n of numbers) {
    const segments = (lines.get(n) ?? []).map((s) => {
      const c = byId.get(s.id)!;
      const code = payload.labels.codes.get(c.codeId);
      return {
        ...s,
        color: code?.color ?? GREY,
        title: `${code?.name ?? 'Unknown code'} — ${payload.labels.layers.get(c.coder) ?? c.coder}${c.memo ? `: ${c.memo}` : ''}`,
      };
    });
    builder.add(
      doc.line(n).from,
      doc.line(n).from,
      new StripeMarker(segments, layout.laneCount, layout.overflow.get(n) ?? 0),
    );
  }
  return builder.finish();
}

type DrawnSegment = LineSegment & { color: string; title: string };

class StripeMarker extends GutterMarker {
  private readonly key: string;
  constructor(
    private readonly segments: readonly DrawnSegment[],
    private readonly lanes: number,
    private readonly overflow: number,
  ) {
    super();
    this.key = `${lanes}|${overflow}|${segments.map((s) => `${s.lane}:${s.color}:${s.first}:${s.last}:${s.title}`).join(',')}`;
  }

  override eq(other: GutterMarker): boolean {
    return other instanceof StripeMarker && other.key === this.key;
  }

  override toDOM(): Node {
    const cell = document.createElement('div');
    cell.className = 'cc-stripe-cell';
    cell.style.width = `${this.lanes * LANE_PX + (this.overflow ? 10 : 2)}px`;
    for (const s of this.segments) {
      const bar = document.createElement('span');
      bar.className = 'cc-stripe';
      bar.title = s.title;
      bar.style.left = `${s.lane * LANE_PX}px`;
      bar.style.background = s.color;
      if (s.first) bar.classList.add('cc-first');
      if (s.last) bar.classList.add('cc-last');
      cell.append(bar);
    }
    if (this.overflow) {
      const more = document.createElement('span');
      more.className = 'cc-stripe-more';
      more.textContent = '+';
      more.title = `${this.overflow} more coding${this.overflow === 1 ? '' : 's'} here`;
      cell.append(more);
    }
    return cell;
  }
}

/** The margin of coding stripes. */
export const stripeGutter = gutter({
  class: 'cc-stripes',
  markers: (view) => view.state.field(codingMarks).stripes,
});

/** Hovering a coded passage shows every coding there: code, coder, memo. */
export const codingHover = hoverTooltip(
  (view, pos): Tooltip | null => {
    const { shown, payload } = view.state.field(codingMarks);
    const here = codingsAt(shown, pos);
    if (here.length === 0) return null;
    return {
      pos: Math.min(...here.map((c) => c.from)),
      end: Math.max(...here.map((c) => c.to)),
      above: true,
      create: () => ({ dom: hoverCard(here, payload) }),
    };
  },
  { hoverTime: 250 },
);

function hoverCard(codings: readonly ViewCoding[], payload: CodingsPayload): HTMLElement {
  const card = document.createElement('div');
  card.className = 'cc-hover';
  card.setAttribute('data-testid', 'coding-hover');
  for (const c of codings) {
    const code = payload.labels.codes.get(c.codeId);
    const row = document.createElement('div');
    row.className = 'cc-hover-row';
    const chip = document.createElement('span');
    chip.className = 'cc-chip';
    chip.style.background = code?.color ?? GREY;
    const name = document.createElement('strong');
    name.textContent = code?.name ?? 'Unknown code';
    const coder = document.createElement('span');
    coder.className = 'cc-hover-coder';
    coder.textContent = ` — ${payload.labels.layers.get(c.coder) ?? c.coder}`;
    row.append(chip, name, coder);
    if (c.memo) {
      const memo = document.createElement('div');
      memo.className = 'cc-hover-memo';
      memo.textContent = c.memo;
      row.append(memo);
    }
    card.append(row);
  }
  return card;
}

/** Styles of marks, stripes and the hover card. */
export const codingTheme = EditorView.baseTheme({
  '.cc-stripes .cm-gutterElement': { position: 'relative', padding: '0' },
  // In the flow (not absolute), so the widest cell sets the margin's width.
  '.cc-stripe-cell': { position: 'relative', height: '100%', marginLeft: '2px' },
  '.cc-stripe': { position: 'absolute', top: '0', bottom: '0', width: '4px', cursor: 'help' },
  '.cc-stripe.cc-first': { top: '3px', borderTopLeftRadius: '2px', borderTopRightRadius: '2px' },
  '.cc-stripe.cc-last': { bottom: '3px', borderBottomLeftRadius: '2px', borderBottomRightRadius: '2px' },
  '.cc-stripe-more': { position: 'absolute', right: '0', top: '0', fontSize: '11px', color: '#4a5360' },
  '.cc-hover': { padding: '6px 10px', maxWidth: '420px', fontSize: '13px', lineHeight: '1.4' },
  '.cc-hover-row + .cc-hover-row': { marginTop: '6px' },
  '.cc-chip': {
    display: 'inline-block',
    width: '10px',
    height: '10px',
    borderRadius: '2px',
    marginRight: '6px',
    verticalAlign: 'baseline',
  },
  '.cc-hover-coder': { color: '#4a5360' },
  '.cc-hover-memo': { marginTop: '2px', whiteSpace: 'pre-wrap' },
});
