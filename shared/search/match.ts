/**
 * Text search over transcripts, the pure part: how a query becomes words and a pattern, and how
 * matches in a text become hits with code-point positions and context. The server's full-text
 * index only narrows the documents down; every hit is found and placed here, so both database
 * backends answer exactly alike (docs/search.md).
 */
import { CodePointIndex } from '../model/codePoints.ts';
import { punctuationInsensitiveSource } from './punctuation.ts';

/** How `q` is read: any of its words, its words in sequence, or a JavaScript regular expression. */
export type SearchMode = 'words' | 'phrase' | 'regex';

/** Code points of context kept on each side of a hit (`before`, `after`). */
export const SEARCH_CONTEXT_CODE_POINTS = 200;

/**
 * Characters that make up words: letters, combining marks and digits of any script. A word is a
 * maximal run of them, so "beds" is not found inside "bedside" and "café" is one word. Diacritics
 * are kept: "cafe" does not find "café".
 */
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
const WORD = new RegExp(`${WORD_CHAR}+`, 'gu');
const IS_WORD_CHAR = new RegExp(`^${WORD_CHAR}$`, 'u');
const STARTS_WITH_WORD = new RegExp(`^${WORD_CHAR}`, 'u');
const ENDS_WITH_WORD = new RegExp(`${WORD_CHAR}$`, 'u');

/** A word as the index stores and looks it up: lower case, so case is decided after the lookup. */
export function indexForm(word: string): string {
  return word.toLowerCase();
}

/** The distinct words of a text in index form, in order of first appearance. */
export function distinctWords(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(WORD)) seen.add(indexForm(m[0]));
  return [...seen];
}

/**
 * What the full-text index holds for a text: its distinct words, lower case, separated by spaces.
 * Both backends tokenize this string the same way (it has nothing but words and spaces), and
 * keeping each word once keeps the index small whatever the transcript's length.
 */
export function indexedWords(text: string): string {
  return distinctWords(text).join(' ');
}

/**
 * Escapes a string for use as a literal in a regular expression with the `u` flag (which refuses
 * escapes of anything but syntax characters, so `-` stays as it is).
 */
function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * Which ends of a literal's matches must not touch a word character: those where the literal
 * itself begins or ends with one ("beds" finds no "bedside"; "beds." may be followed by anything).
 * Checked after matching instead of by lookbehind and lookahead, which make the scan about twice
 * as slow.
 */
function edgesOf(literal: string): { start: boolean; end: boolean } {
  return { start: STARTS_WITH_WORD.test(literal), end: ENDS_WITH_WORD.test(literal) };
}

/** Whether the code point ending just before UTF-16 offset `at` is a word character. */
function wordCharBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const low = text.charCodeAt(at - 1);
  const from = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return IS_WORD_CHAR.test(String.fromCodePoint(text.codePointAt(from)!));
}

/** Whether the code point starting at UTF-16 offset `at` is a word character. */
function wordCharAt(text: string, at: number): boolean {
  return at < text.length && IS_WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

const NO_EDGES = { start: false, end: false } as const;

/** The regular expression flags of a search: `u` always, `i` unless case matters, `g` to scan. */
export function searchFlags(caseSensitive: boolean): string {
  return caseSensitive ? 'gu' : 'giu';
}

/** A search turned into what finds its hits. */
export interface CompiledSearch {
  /** Words every document with a hit contains (index form); empty for a regular expression. */
  words: string[];
  /**
   * One pattern per query word (words mode, each occurrence of any is a hit), or one pattern
   * (phrase and regex mode). Global, with `u`.
   */
  patterns: RegExp[];
  /**
   * Whether every pattern must match in a document for it to have hits (words mode: documents
   * that contain all the words).
   */
  requireAll: boolean;
  /** Whether the patterns come from the user (regex mode): they must run under a time limit. */
  untrusted: boolean;
  /** Per pattern: which ends of a match must not touch a word character (whole words). */
  edges: { start: boolean; end: boolean }[];
  /**
   * Per pattern, the word (index form) every match starts with, so matches need only be tried
   * where that word occurs (`positionSpans`); null where a match may start elsewhere.
   */
  leading: (string | null)[];
}

/**
 * Compiles a query. Throws a `SyntaxError` with the parser's message for a bad regular
 * expression and a `RangeError` when a words or phrase query holds no word.
 */
export function compileSearch(q: string, mode: SearchMode, caseSensitive: boolean): CompiledSearch {
  const flags = searchFlags(caseSensitive);
  if (mode === 'regex') {
    const pattern = new RegExp(q, flags);
    return {
      words: [],
      patterns: [pattern],
      requireAll: false,
      untrusted: true,
      edges: [NO_EDGES],
      leading: [null],
    };
  }
  const words = distinctWords(q);
  if (words.length === 0) throw new RangeError('the query has no words (letters or digits) to search for');
  if (mode === 'phrase') {
    const pieces = q.trim().split(/\s+/u);
    // Straight and curly quotes, apostrophes and dashes count as the same (punctuation.ts).
    const source = pieces.map((p) => punctuationInsensitiveSource(p, escapeLiteral)).join(String.raw`\s+`);
    return {
      words,
      patterns: [new RegExp(source, flags)],
      requireAll: false,
      untrusted: false,
      edges: [edgesOf(q.trim())],
      // A phrase that starts with a word starts where that word occurs.
      leading: [STARTS_WITH_WORD.test(q.trim()) ? (distinctWords(pieces[0]!)[0] ?? null) : null],
    };
  }
  // Each word as typed: with caseSensitive, "Beds" finds "Beds" only.
  const typed = caseSensitive ? [...new Set([...q.matchAll(WORD)].map((m) => m[0]))] : words;
  const patterns = typed.map((w) => new RegExp(escapeLiteral(w), flags));
  return {
    words,
    patterns,
    requireAll: true,
    untrusted: false,
    edges: typed.map(edgesOf),
    leading: typed.map(indexForm),
  };
}

/** Where each word of a text starts: index form → ascending UTF-16 offsets. */
export type WordPositions = Map<string, number[]>;

/** The start of every word of a text, by word (index form). */
export function wordPositions(text: string): WordPositions {
  const positions: WordPositions = new Map();
  for (const m of text.matchAll(WORD)) {
    const word = indexForm(m[0]);
    const list = positions.get(word);
    if (list) list.push(m.index);
    else positions.set(word, [m.index]);
  }
  return positions;
}

/**
 * `searchSpans` with the text's word positions: each pattern is tried only where its leading word
 * occurs (a sticky match there), instead of scanning the whole text; the same spans, far fewer
 * steps for a rare word in a long transcript. Patterns without a leading word are scanned.
 */
export function positionSpans(
  text: string,
  positions: WordPositions,
  search: CompiledSearch,
): [number, number][] {
  if (search.requireAll && search.words.some((w) => !positions.has(w))) return [];
  const perPattern = search.patterns.map((p, i) => {
    const leading = search.leading[i] ?? null;
    const edges = search.edges[i] ?? NO_EDGES;
    if (leading === null)
      return searchSpans(text, { ...search, patterns: [p], edges: [edges], requireAll: false });
    const sticky = new RegExp(p.source, `${p.flags.replace('g', '')}y`);
    const spans: [number, number][] = [];
    let lastEnd = 0;
    for (const from of positions.get(leading) ?? []) {
      // Matches do not overlap, as in a scan: "beds beds" is found once in "beds beds beds".
      if (from < lastEnd) continue;
      sticky.lastIndex = from;
      const m = sticky.exec(text);
      if (!m || m[0].length === 0) continue;
      const to = from + m[0].length;
      // Starting at a word's start, the left edge holds; the right one is checked.
      if (edges.end && wordCharAt(text, to)) continue;
      spans.push([from, to]);
      lastEnd = to;
    }
    return spans;
  });
  if (search.requireAll && perPattern.some((s) => s.length === 0)) return [];
  const spans = perPattern.flat();
  if (perPattern.length > 1) spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return spans;
}

/**
 * Half-open UTF-16 spans `[from, to)` of a pattern's non-empty matches, in order. A match
 * `accept` refuses is no hit, and the scan goes on from its second code point, so a hit that
 * overlaps a refused match is still found.
 */
export function matchSpans(
  text: string,
  pattern: RegExp,
  accept?: (from: number, to: number) => boolean,
): [number, number][] {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const spans: [number, number][] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      // An empty match is no hit; step over one whole code point so the scan moves on.
      re.lastIndex += (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
      continue;
    }
    const from = m.index;
    const to = from + m[0].length;
    if (accept && !accept(from, to)) {
      re.lastIndex = from + ((text.codePointAt(from) ?? 0) > 0xffff ? 2 : 1);
      continue;
    }
    spans.push([from, to]);
  }
  return spans;
}

/**
 * The spans of a compiled words or phrase search in one text, ascending by start: none when
 * `requireAll` and some pattern has no match.
 */
export function searchSpans(text: string, search: CompiledSearch): [number, number][] {
  const perPattern = search.patterns.map((p, i) => {
    const edges = search.edges[i] ?? NO_EDGES;
    if (!edges.start && !edges.end) return matchSpans(text, p);
    return matchSpans(
      text,
      p,
      (from, to) => !(edges.start && wordCharBefore(text, from)) && !(edges.end && wordCharAt(text, to)),
    );
  });
  if (search.requireAll && perPattern.some((s) => s.length === 0)) return [];
  const spans = perPattern.flat();
  if (perPattern.length > 1) spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return spans;
}

/** A hit placed in its text: code points, half-open; `match` is the text from `start` to `end`. */
export interface PlacedHit {
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
}

/**
 * Places UTF-16 spans of one text as hits with code-point positions and up to `context` code
 * points of text on each side.
 */
export function placeHits(
  text: string,
  spans: readonly (readonly [number, number])[],
  context: number = SEARCH_CONTEXT_CODE_POINTS,
  index: CodePointIndex = new CodePointIndex(text),
): PlacedHit[] {
  return spans.map(([from, to]) => {
    const start = index.toCodePoint(from);
    const end = index.toCodePoint(to);
    const beforeFrom = index.toUtf16(Math.max(0, start - context));
    const afterTo = index.toUtf16(Math.min(index.length, end + context));
    return {
      start,
      end,
      before: text.slice(beforeFrom, from),
      match: text.slice(from, to),
      after: text.slice(to, afterTo),
    };
  });
}
