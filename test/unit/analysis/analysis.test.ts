/**
 * Known answers for the pure analysis functions on a hand-made project, worked by hand in
 * docs/analysis.md ("A worked example"): two documents, a theme with two codes, two layers, an
 * emoji (one code point, two UTF-16 units) before the first coding.
 */
import { describe, expect, it } from 'vitest';
import {
  codeMatrix,
  cooccurrence,
  documentMatches,
  parseAttributeFilter,
  retrieveSegments,
  selectCodes,
  type AnalysisDocument,
} from '../../../shared/analysis/index.ts';
import type { Code } from '../../../shared/schemas.ts';

const code = (id: string, parentId: string | null, order: number): Code => ({
  id,
  name: id.toUpperCase(),
  parentId,
  color: '#336699',
  description: '',
  order,
});
/** Theme `t` holding `beds` and `staff`. */
const CODEBOOK = [code('t', null, 0), code('beds', 't', 0), code('staff', 't', 1)];

const coding = (id: string, coder: string, c: string, start: number, end: number, memo = '') => ({
  id,
  coder,
  code: c,
  start,
  end,
  memo,
});

// Code points: 😀=0, ' '=1, "We"=2-3, "lack"=5-8, "beds"=10-13, '.'=14, "Nurses"=16-21, "cope"=23-26, "well."=28-32.
const WARD_A = '😀 We lack beds. Nurses cope well.';
// "Beds"=0-3, "full"=9-12, '.'=13, "Staff"=15-19, "leave."=21-26.
const WARD_B = 'Beds are full. Staff leave.';

const DOCS: AnalysisDocument[] = [
  {
    id: 'a',
    title: 'Ward A',
    attributes: { site: 'B' },
    text: WARD_A,
    codings: [
      coding('a3', 'u1', 't', 16, 33),
      coding('a1', 'u1', 'beds', 2, 15, 'shortage'),
      coding('a2', 'u1', 'staff', 10, 22),
      coding('b1', 'u2', 'beds', 10, 14),
      coding('b2', 'u2', 'staff', 16, 22),
    ],
  },
  {
    id: 'b',
    title: 'Ward B',
    attributes: { site: 'C' },
    text: WARD_B,
    codings: [
      coding('d1', 'u1', 'beds', 0, 14),
      coding('d2', 'u1', 'staff', 15, 27),
      coding('d3', 'u1', 'beds', 9, 13),
      coding('e1', 'u2', 'staff', 15, 20),
    ],
  },
];

describe('selectCodes', () => {
  it('takes a theme with its codes, or alone without children, in codebook order', () => {
    expect(selectCodes(CODEBOOK, ['t'], true)).toEqual({ ok: true, codes: ['t', 'beds', 'staff'] });
    expect(selectCodes(CODEBOOK, ['t'], false)).toEqual({ ok: true, codes: ['t'] });
    expect(selectCodes(CODEBOOK, ['staff', 'beds'], true)).toEqual({ ok: true, codes: ['beds', 'staff'] });
    expect(selectCodes(CODEBOOK, undefined, true)).toEqual({ ok: true, codes: ['t', 'beds', 'staff'] });
  });

  it('names unknown codes instead of answering', () => {
    expect(selectCodes(CODEBOOK, ['beds', 'nope', 'nope'], true)).toEqual({ ok: false, unknown: ['nope'] });
  });

  it('ends on a parent cycle', () => {
    const cycle = [code('x', 'y', 0), code('y', 'x', 0)];
    expect(selectCodes(cycle, ['x'], true)).toEqual({ ok: true, codes: ['x', 'y'] });
  });
});

describe('retrieveSegments', () => {
  const all = retrieveSegments(DOCS, { codes: new Set(['t', 'beds', 'staff']), layer: () => true });

  it('orders by document, then start, then layer', () => {
    expect(all.map((s) => s.codingId)).toEqual(['a1', 'a2', 'b1', 'a3', 'b2', 'd1', 'd3', 'd2', 'e1']);
  });

  it('cuts text and context by code points, past the emoji', () => {
    expect(all[0]).toEqual({
      documentId: 'a',
      documentTitle: 'Ward A',
      layer: 'u1',
      codeId: 'beds',
      codingId: 'a1',
      start: 2,
      end: 15,
      text: 'We lack beds.',
      before: '😀 ',
      after: ' Nurses cope well.',
      memo: 'shortage',
      paragraph: 1,
      speaker: null,
      startMs: null,
    });
    expect(all.find((s) => s.codingId === 'a3')).toMatchObject({
      text: 'Nurses cope well.',
      before: '😀 We lack beds. ',
      after: '',
    });
    expect(all.find((s) => s.codingId === 'd2')).toMatchObject({
      text: 'Staff leave.',
      before: 'Beds are full. ',
    });
  });

  it('gives at most 200 code points of context, counting an astral character as one', () => {
    const text = `${'😀'.repeat(250)}X${'😀'.repeat(250)}`;
    const [s] = retrieveSegments(
      [{ id: 'x', title: 'X', attributes: {}, text, codings: [coding('c', 'u1', 'beds', 250, 251)] }],
      { codes: new Set(['beds']), layer: () => true },
    );
    expect(s!.text).toBe('X');
    expect([...s!.before]).toHaveLength(200);
    expect([...s!.after]).toHaveLength(200);
  });

  it('times each passage where its words begin, from the timeline', () => {
    // "😀 Anna: Yes.\n\nBen: No." — Anna's cue covers 2–12, Ben's 14–22 (the emoji is one).
    const text = '😀 Anna: Yes.\n\nBen: No.';
    const cues = [
      { start: 2, end: 12, startMs: 61_000, endMs: 62_000 },
      { start: 14, end: 22, startMs: 751_000, endMs: 752_000 },
    ];
    const codings = [
      coding('emoji', 'u1', 'beds', 0, 1),
      coding('yes', 'u1', 'beds', 8, 12),
      // Starts on the blank line before Ben's turn: timed by Ben's first word.
      coding('no', 'u1', 'beds', 12, 22),
    ];
    const timed = retrieveSegments([{ id: 'x', title: 'X', attributes: {}, text, codings, cues }], {
      codes: new Set(['beds']),
      layer: () => true,
    });
    expect(timed.map((s) => [s.codingId, s.startMs])).toEqual([
      ['emoji', null],
      ['yes', 61_000],
      ['no', 751_000],
    ]);
    const untimed = retrieveSegments([{ id: 'x', title: 'X', attributes: {}, text, codings }], {
      codes: new Set(['beds']),
      layer: () => true,
    });
    expect(untimed.map((s) => s.startMs)).toEqual([null, null, null]);
  });

  it('keeps only the layers and codes asked for', () => {
    const own = retrieveSegments(DOCS, { codes: new Set(['staff']), layer: (l) => l === 'u2' });
    expect(own.map((s) => s.codingId)).toEqual(['b2', 'e1']);
  });
});

describe('cooccurrence', () => {
  it('counts overlapping pairs of different codes; the diagonal counts codings', () => {
    // u1: a1∩a2 = [10,15) (beds–staff), a2∩a3 = [16,22) (staff–t); a1 ends at 15, a3 starts at 16:
    // none. d1∩d3 are both beds (not a co-occurrence); d1 ends at 14, d2 starts at 15: none.
    expect(cooccurrence(DOCS, ['t', 'beds', 'staff'], 'u1')).toEqual({
      codes: ['t', 'beds', 'staff'],
      counts: [
        [1, 0, 1],
        [0, 3, 1],
        [1, 1, 2],
      ],
    });
    // u2: b1 [10,14) and b2 [16,22) do not touch.
    expect(cooccurrence(DOCS, ['t', 'beds', 'staff'], 'u2').counts).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 0, 2],
    ]);
  });

  it('shares no code point between touching half-open spans, one between [0,5) and [4,9)', () => {
    const doc = (a: [number, number], b: [number, number]): AnalysisDocument => ({
      id: 'x',
      title: 'X',
      attributes: {},
      text: 'x'.repeat(20),
      codings: [coding('1', 'u', 'beds', ...a), coding('2', 'u', 'staff', ...b)],
    });
    expect(cooccurrence([doc([0, 5], [5, 9])], ['beds', 'staff'], 'u').counts[0]![1]).toBe(0);
    expect(cooccurrence([doc([0, 5], [4, 9])], ['beds', 'staff'], 'u').counts[0]![1]).toBe(1);
  });
});

describe('codeMatrix', () => {
  it('counts codings of exactly each code per document', () => {
    expect(codeMatrix(DOCS, ['t', 'beds', 'staff'], 'u1', { kind: 'documents' })).toEqual({
      rows: ['t', 'beds', 'staff'],
      columns: [
        { key: 'a', label: 'Ward A' },
        { key: 'b', label: 'Ward B' },
      ],
      cells: [
        [
          { codings: 1, documents: 1 },
          { codings: 0, documents: 0 },
        ],
        [
          { codings: 1, documents: 1 },
          { codings: 2, documents: 1 },
        ],
        [
          { codings: 1, documents: 1 },
          { codings: 1, documents: 1 },
        ],
      ],
    });
  });

  it('groups documents by attribute value, with a column for documents without one', () => {
    const third: AnalysisDocument = {
      id: 'c',
      title: 'Ward C',
      attributes: {},
      text: 'Beds.',
      codings: [coding('f1', 'u1', 'beds', 0, 4)],
    };
    const m = codeMatrix([...DOCS, third], ['beds'], 'u1', { kind: 'attribute', name: 'site' });
    expect(m.columns).toEqual([
      { key: 'B', label: 'B' },
      { key: 'C', label: 'C' },
      { key: '', label: '(no value)' },
    ]);
    expect(m.cells).toEqual([
      [
        { codings: 1, documents: 1 },
        { codings: 2, documents: 1 },
        { codings: 1, documents: 1 },
      ],
    ]);
  });
});

describe('document filters', () => {
  it('keeps documents whose attributes all equal the values', () => {
    const site = parseAttributeFilter('site:B')!;
    expect(site).toEqual({ name: 'site', value: 'B' });
    expect(parseAttributeFilter('time:10:30')).toEqual({ name: 'time', value: '10:30' });
    expect(parseAttributeFilter('nocolon')).toBeNull();
    expect(DOCS.filter((d) => documentMatches(d, { attributes: [site] })).map((d) => d.id)).toEqual(['a']);
    expect(
      DOCS.filter((d) => documentMatches(d, { attributes: [site, { name: 'site', value: 'C' }] })),
    ).toEqual([]);
    expect(DOCS.filter((d) => documentMatches(d, { documents: ['b'] })).map((d) => d.id)).toEqual(['b']);
    // A name every object answers to is looked up as the document's own attribute only.
    expect(
      documentMatches(
        { id: 'x', attributes: {} },
        { attributes: [{ name: 'constructor', value: String(Object.prototype.constructor) }] },
      ),
    ).toBe(false);
  });

  it('keeps documents without the attribute for an empty value, like the "(no value)" column', () => {
    const none = parseAttributeFilter('site:')!;
    expect(none).toEqual({ name: 'site', value: '' });
    expect(documentMatches({ id: 'x', attributes: {} }, { attributes: [none] })).toBe(true);
    expect(documentMatches({ id: 'y', attributes: { site: '' } }, { attributes: [none] })).toBe(true);
    expect(documentMatches({ id: 'z', attributes: { site: 'B' } }, { attributes: [none] })).toBe(false);
  });
});
