/**
 * The large study of the capacity benchmark, generated deterministically from a seed: documents
 * of speaker turns, a codebook of 60 codes under 6 themes, 6 coders and a consensus layer.
 *
 * Proportions, exact for any document count that is a multiple of 20 (else a RangeError):
 * - every coder codes exactly 25% of the documents, and every document is coded;
 * - 40% of documents are coded by more than one coder: 30% by two, 10% by three. (Six coders at
 *   25% fill 150% of the documents' coder places; with 40% coded by exactly two and 60% by one
 *   only 140% would be filled, so a quarter of the multi-coded documents take a third coder —
 *   which also gives the agreement report its Fleiss' κ case.)
 * - 10% of documents carry the consensus layer, all of them among the multi-coded ones.
 *
 * Coders are given documents in rota order, so the coders sharing a document are neighbours in
 * the rota (coder i with i + 1, and i + 2, modulo 6). Nothing here does I/O: a document is
 * generated from the seed and its index alone (`studyDocument`), so a writer can produce one
 * document at a time, as often as it needs, without holding the corpus.
 */
import { Rng } from '../../shared/agreement/rng.ts';
import { CODER_NAMES, QUESTIONS, SITES, THEME_COLORS, THEMES, WORDS } from './vocabulary.ts';

/** The size of a study and the seed it is drawn from. */
export interface StudyOptions {
  /** Number of transcripts; a positive multiple of 20. */
  documents: number;
  /** Words per transcript, speaker labels not counted; at least 20. */
  words: number;
  /** Any integer in [0, 2^53); the same seed and size give the same study. */
  seed: number;
}

/** The study's defaults: the 1,000 transcripts × 10,000 words. */
export const STUDY_DEFAULTS: StudyOptions = { documents: 1000, words: 10_000, seed: 1 };

export interface StudyCoder {
  key: string;
  name: string;
  consensus: boolean;
}

export interface StudyCode {
  key: string;
  name: string;
  /** The theme's key, or null for a theme. */
  parent: string | null;
  color: string;
}

/** Who codes one document. */
export interface StudyAssignment {
  /** Keys of the coders (never the consensus layer), in rota order. */
  coders: string[];
  /** Whether the consensus layer codes it. */
  consensus: boolean;
}

/** Everything about a study but its documents' texts and codings. */
export interface StudyPlan {
  options: StudyOptions;
  /** Six coders, then the consensus layer (last). */
  coders: StudyCoder[];
  /** Six themes, each followed by its ten codes. */
  codes: StudyCode[];
  /** One per document, by document index. */
  assignments: StudyAssignment[];
}

/** One coding: [start, end) in code points of the document's text. */
export interface StudyCoding {
  coder: string;
  code: string;
  start: number;
  end: number;
}

/** A generated document. */
export interface StudyDocument {
  key: string;
  title: string;
  /** `Interviewer: …` and `Participant: …` turns, one paragraph each, separated by blank lines. */
  text: string;
  /** Its site (an attribute). */
  site: string;
  /** Sorted by coder key, then start, end and code; no two alike. */
  codings: StudyCoding[];
}

/** The consensus layer's key. */
export const CONSENSUS_KEY = 'consensus';

const key = (prefix: string, n: number): string => `${prefix}-${String(n).padStart(4, '0')}`;

/** A 32-bit seed for one stream of the study (murmur3's finaliser over the parts). */
function streamSeed(seed: number, ...parts: number[]): number {
  let h = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1);
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0xcc9e2d51);
    h = ((h << 15) | (h >>> 17)) >>> 0;
    h = Math.imul(h, 0x1b873593) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * The study's coders, codebook and who codes which document.
 *
 * @throws RangeError when `documents` is not a positive multiple of 20, `words` is below 20 or
 *   `seed` is not a non-negative safe integer.
 */
export function planStudy(options: StudyOptions): StudyPlan {
  const { documents: n, words, seed } = options;
  if (!Number.isInteger(n) || n <= 0 || n % 20 !== 0)
    throw new RangeError(`documents must be a positive multiple of 20 (got ${n})`);
  if (!Number.isInteger(words) || words < 20)
    throw new RangeError(`words must be at least 20 (got ${words})`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer`);

  const coders: StudyCoder[] = CODER_NAMES.map((name, i) => ({
    key: key('coder', i + 1),
    name: `${name} (${SITES[i]})`,
    consensus: false,
  }));
  coders.push({ key: CONSENSUS_KEY, name: 'Consensus', consensus: true });

  const codes: StudyCode[] = [];
  THEMES.forEach((theme, t) => {
    const themeKey = key('theme', t + 1);
    const color = THEME_COLORS[t]!;
    codes.push({ key: themeKey, name: theme.name, parent: null, color });
    theme.codes.forEach((name, c) =>
      codes.push({ key: key('code', t * 10 + c + 1), name, parent: themeKey, color }),
    );
  });

  // How many coders each document gets: 10% three, 30% two, 60% one, in a seeded order.
  const rng = new Rng(streamSeed(seed, 0));
  const counts = shuffle(
    Array.from({ length: n }, (_, i) => (i < n / 10 ? 3 : i < (4 * n) / 10 ? 2 : 1)),
    rng,
  );
  // The rota: 1.5·n places filled in turn by coders 0…5, so each gets n / 4; a document's two or
  // three consecutive places always go to different coders.
  let place = 0;
  const assignments: StudyAssignment[] = counts.map((count) => {
    const assigned = Array.from({ length: count }, (_, j) => coders[(place + j) % 6]!.key);
    place += count;
    return { coders: assigned, consensus: false };
  });
  const multi = shuffle(
    assignments.flatMap((a, i) => (a.coders.length > 1 ? [i] : [])),
    rng,
  );
  for (const i of multi.slice(0, n / 10)) assignments[i]!.consensus = true;
  return { options, coders, codes, assignments };
}

/** The leaf codes (what coders apply), in codebook order. */
export function leafCodes(plan: StudyPlan): StudyCode[] {
  return plan.codes.filter((c) => c.parent !== null);
}

/** Code points of each word, computed once. */
const WORD_LENGTHS = WORDS.map((w) => [...w].length);

interface Sentence {
  start: number;
  end: number;
}

/**
 * Document `index` of the study: its text and every layer's codings. Depends only on the plan's
 * options and `index`, so the same document comes out every time it is asked for.
 *
 * Each participant turn gets, with probability ½, a "true" coding of one or two of its sentences
 * (every document gets at least one). The consensus layer holds the true codings; each coder
 * reproduces a true coding with probability 0.8 (a tenth of those with another code of the same
 * theme), with start and end moved by up to 12 code points within the turn, and adds an own
 * coding to a turn with probability 0.1. Every assigned coder ends with at least one coding.
 *
 * @throws RangeError when `index` is not a document of the plan.
 */
export function studyDocument(plan: StudyPlan, index: number): StudyDocument {
  const assignment = plan.assignments[index];
  if (assignment === undefined)
    throw new RangeError(`no document ${index} in a study of ${plan.assignments.length}`);
  const rng = new Rng(streamSeed(plan.options.seed, 1, index));
  const parts: string[] = [];
  let length = 0;
  const push = (s: string, codePoints: number): void => {
    parts.push(s);
    length += codePoints;
  };
  /** Sentences of each participant turn, in code points. */
  const turns: Sentence[][] = [];
  let words = 0;
  let speaker = 0;
  while (words < plan.options.words) {
    const left = plan.options.words - words;
    if (parts.length > 0) push('\n\n', 2);
    if (speaker === 0) {
      push('Interviewer: ', 13);
      const question = QUESTIONS[rng.int(QUESTIONS.length)]!;
      const n = Math.min(left, question.split(' ').length);
      const text = question.split(' ').slice(0, n).join(' ');
      push(text, text.length);
      words += n;
    } else {
      push('Participant: ', 13);
      const n = Math.min(left, 40 + rng.int(160));
      const sentences: Sentence[] = [];
      let said = 0;
      while (said < n) {
        const m = Math.min(n - said, 6 + rng.int(15));
        if (said > 0) push(' ', 1);
        const sentenceStart = length;
        for (let w = 0; w < m; w++) {
          const i = rng.int(WORDS.length);
          const word = WORDS[i]!;
          const first = w === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
          if (w > 0) push(' ', 1);
          push(first, WORD_LENGTHS[i]!);
        }
        push('.', 1);
        sentences.push({ start: sentenceStart, end: length });
        said += m;
      }
      turns.push(sentences);
      words += n;
    }
    speaker = 1 - speaker;
  }
  const text = parts.join('');

  const leaves = leafCodes(plan);
  const truth: { code: number; start: number; end: number; turn: Sentence }[] = [];
  turns.forEach((sentences, t) => {
    if (rng.next() >= 0.5 && !(t === turns.length - 1 && truth.length === 0)) return;
    const first = rng.int(sentences.length);
    const last = Math.min(sentences.length - 1, first + rng.int(2));
    const turn = { start: sentences[0]!.start, end: sentences[sentences.length - 1]!.end };
    truth.push({
      code: rng.int(leaves.length),
      start: sentences[first]!.start,
      end: sentences[last]!.end,
      turn,
    });
  });
  // A participant turn always exists: the loop alternates and `words` ≥ 20 outlasts one question.
  const turnSpans = turns.map((s) => ({ start: s[0]!.start, end: s[s.length - 1]!.end }));

  const codings: StudyCoding[] = [];
  const add = (coder: string, code: number, start: number, end: number): void => {
    codings.push({ coder, code: leaves[code]!.key, start, end });
  };
  if (assignment.consensus) for (const c of truth) add(CONSENSUS_KEY, c.code, c.start, c.end);
  assignment.coders.forEach((coder, j) => {
    const own = new Rng(streamSeed(plan.options.seed, 2, index, j));
    const before = codings.length;
    const jitter = (at: number, span: Sentence): number =>
      Math.min(span.end, Math.max(span.start, at + own.int(25) - 12));
    for (const c of truth) {
      if (own.next() >= 0.8) continue;
      const code = own.next() < 0.1 ? c.code - (c.code % 10) + own.int(10) : c.code;
      const start = jitter(c.start, c.turn);
      const end = jitter(c.end, c.turn);
      if (start < end) add(coder, code, start, end);
    }
    for (const span of turnSpans) {
      if (own.next() >= 0.1) continue;
      const start = span.start + own.int(span.end - span.start - 1);
      add(coder, own.int(leaves.length), start, Math.min(span.end, start + 20 + own.int(200)));
    }
    if (codings.length === before) add(coder, truth[0]!.code, truth[0]!.start, truth[0]!.end);
  });
  codings.sort((a, b) =>
    a.coder < b.coder
      ? -1
      : a.coder > b.coder
        ? 1
        : a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const unique = codings.filter((c, i) => i === 0 || !sameCoding(c, codings[i - 1]!));
  const number = index + 1;
  const site = SITES[index % SITES.length]!;
  return {
    key: key('doc', number),
    title: `Interview ${site} ${String(number).padStart(4, '0')}`,
    text,
    site,
    codings: unique,
  };
}

const sameCoding = (a: StudyCoding, b: StudyCoding): boolean =>
  a.coder === b.coder && a.code === b.code && a.start === b.start && a.end === b.end;
