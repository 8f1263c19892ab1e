/**
 * The analysis benchmark's corpus, generated from a seed so every run measures the same data:
 * transcripts of pseudo-words drawn from a Zipf-distributed vocabulary (so some words are in
 * every document and most in few, as in interviews), sentences and paragraphs, an emoji now and
 * then (positions are code points), and each coder's codings as code-point spans.
 *
 * Pure: no Yjs and no storage; `bench/analysis.bench.ts` writes it into rooms.
 */
import { Rng } from '../shared/agreement/rng.ts';

export interface AnalysisCorpusOptions {
  documents: number;
  wordsPerDocument: number;
  coders: number;
  codes: number;
  /** Codings per coder per document. */
  codingsPerLayer: number;
  seed: number;
}

export interface CorpusCoding {
  codeId: string;
  /** Code points, half-open. */
  start: number;
  end: number;
}

export interface CorpusDocument {
  id: string;
  title: string;
  text: string;
  /** Coder id → that coder's codings. */
  layers: Map<string, CorpusCoding[]>;
}

export interface AnalysisCorpus {
  codes: { id: string; name: string }[];
  coders: string[];
  documents: CorpusDocument[];
  /** The vocabulary, most frequent first. */
  vocabulary: string[];
}

/** What the benchmark measures by default: 1,000 transcripts × 10,000 words, 4 coders, 40 codes. */
export const DEFAULT_CORPUS: AnalysisCorpusOptions = {
  documents: 1000,
  wordsPerDocument: 10_000,
  coders: 4,
  codes: 40,
  codingsPerLayer: 25,
  seed: 2026,
};

const VOCABULARY_SIZE = 5000;
const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'ch', 'st', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'é'];
const EMOJI = ['🙂', '👍🏽', '😕', '🛏️'];

function vocabulary(rng: Rng): string[] {
  const words = new Set<string>();
  while (words.size < VOCABULARY_SIZE) {
    let word = '';
    const syllables = 1 + rng.int(3);
    for (let s = 0; s < syllables; s++)
      word += ONSETS[rng.int(ONSETS.length)]! + VOWELS[rng.int(VOWELS.length)]!;
    words.add(word);
  }
  return [...words];
}

/** Cumulative Zipf weights (exponent 1) over ranks 1…n, for sampling by binary search. */
function zipfCumulative(n: number): Float64Array {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cumulative[r] = sum += 1 / (r + 1);
  return cumulative;
}

function sample(cumulative: Float64Array, rng: Rng): number {
  const target = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function transcript(words: readonly string[], cumulative: Float64Array, count: number, rng: Rng): string {
  const parts: string[] = [];
  let inSentence = 0;
  let sentenceLength = 8 + rng.int(13);
  let sentences = 0;
  for (let i = 0; i < count; i++) {
    let word = words[sample(cumulative, rng)]!;
    if (inSentence === 0) word = word[0]!.toUpperCase() + word.slice(1);
    parts.push(word);
    inSentence++;
    if (inSentence === sentenceLength || i === count - 1) {
      parts.push(rng.next() < 0.05 ? ` ${EMOJI[rng.int(EMOJI.length)]!}. ` : '. ');
      inSentence = 0;
      sentenceLength = 8 + rng.int(13);
      sentences++;
      if (sentences % 6 === 0) parts.push('\n\n');
    } else {
      parts.push(' ');
    }
  }
  return parts.join('').replace(/ \n\n/g, '\n\n').trimEnd();
}

/** Generates the corpus; the same options give the same corpus, byte for byte. */
export function generateAnalysisCorpus(options: AnalysisCorpusOptions = DEFAULT_CORPUS): AnalysisCorpus {
  const rng = new Rng(options.seed);
  const words = vocabulary(rng);
  const cumulative = zipfCumulative(words.length);
  const codes = Array.from({ length: options.codes }, (_, i) => ({
    id: `code-${String(i + 1).padStart(2, '0')}`,
    name: `Code ${i + 1}`,
  }));
  const coders = Array.from({ length: options.coders }, (_, i) => `coder-${i + 1}`);
  const documents: CorpusDocument[] = [];
  for (let d = 0; d < options.documents; d++) {
    const text = transcript(words, cumulative, options.wordsPerDocument, rng);
    const length = Array.from(text).length;
    const layers = new Map<string, CorpusCoding[]>();
    for (const coder of coders) {
      const codings: CorpusCoding[] = [];
      for (let c = 0; c < options.codingsPerLayer; c++) {
        const span = 20 + rng.int(380);
        const start = rng.int(Math.max(1, length - span));
        codings.push({
          codeId: codes[rng.int(codes.length)]!.id,
          start,
          end: Math.min(length, start + span),
        });
      }
      layers.set(coder, codings);
    }
    documents.push({
      id: `doc-${String(d + 1).padStart(4, '0')}`,
      title: `Interview ${d + 1}`,
      text,
      layers,
    });
  }
  return { codes, coders, documents, vocabulary: words };
}
