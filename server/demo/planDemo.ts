/**
 * Turns the published excerpts into demo documents and two coders' codings — the study authors'
 * (as published) and a synthetic second coder whose differences are drawn with a fixed seed, so
 * every fresh demo is the same and agreement has realistic disagreement to show.
 */
import { Rng } from '../../shared/agreement/rng.ts';
import type { Excerpt } from './demoData.ts';

/** A span coded with a code name; offsets are code points, half-open. */
export interface PlannedCoding {
  code: string;
  start: number;
  end: number;
}

export interface PlannedDocument {
  title: string;
  attributes: Record<string, string>;
  text: string;
  authors: PlannedCoding[];
  synthetic: PlannedCoding[];
}

/** How the synthetic coder departs from the published coding, per excerpt. */
export type Deviation = 'same' | 'missed' | 'swapped' | 'shorter' | 'longer';

const PARAGRAPH_BREAK = '\n\n';

/** Groups excerpts into one document per site and source, paragraphs in the table's order. */
export function planDemo(
  excerpts: readonly Excerpt[],
  codesByTheme: Map<string, string[]>,
  seed = 2023,
): PlannedDocument[] {
  const rng = new Rng(seed);
  const random = (): number => rng.next();
  const groups = new Map<string, Excerpt[]>();
  for (const e of excerpts) {
    const key = `${e.site} · ${e.source}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const allCodes = [...codesByTheme.values()].flat();
  const docs: PlannedDocument[] = [];
  for (const [title, items] of groups) {
    const first = items[0]!;
    let text = '';
    const spans: { excerpt: Excerpt; start: number; end: number }[] = [];
    for (const excerpt of items) {
      if (text.length > 0) text += PARAGRAPH_BREAK;
      const start = [...text].length;
      text += excerpt.text;
      spans.push({ excerpt, start, end: [...text].length });
    }
    const length = [...text].length;
    const authors = spans.map((s) => ({ code: s.excerpt.code, start: s.start, end: s.end }));
    const synthetic: PlannedCoding[] = [];
    for (const span of spans) {
      const deviation = pickDeviation(random());
      const coding = deviate(
        deviation,
        span,
        codesByTheme.get(span.excerpt.theme) ?? allCodes,
        length,
        random,
      );
      if (coding) synthetic.push(coding);
      // Now and then the second coder also sees a code from another theme in part of the passage.
      if (random() < 0.15) {
        const other = allCodes[Math.floor(random() * allCodes.length)]!;
        if (other !== span.excerpt.code) {
          const mid = span.start + Math.floor((span.end - span.start) / 2);
          synthetic.push({ code: other, start: span.start, end: Math.max(mid, span.start + 1) });
        }
      }
    }
    docs.push({ title, attributes: { site: first.site, source: first.source }, text, authors, synthetic });
  }
  return docs;
}

function pickDeviation(r: number): Deviation {
  if (r < 0.1) return 'missed';
  if (r < 0.25) return 'swapped';
  if (r < 0.42) return 'shorter';
  if (r < 0.52) return 'longer';
  return 'same';
}

function deviate(
  deviation: Deviation,
  span: { excerpt: Excerpt; start: number; end: number },
  themeCodes: readonly string[],
  length: number,
  random: () => number,
): PlannedCoding | null {
  const { excerpt, start, end } = span;
  const size = end - start;
  switch (deviation) {
    case 'missed':
      return null;
    case 'swapped': {
      const others = themeCodes.filter((c) => c !== excerpt.code);
      const code = others.length > 0 ? others[Math.floor(random() * others.length)]! : excerpt.code;
      return { code, start, end };
    }
    case 'shorter': {
      // Drop a leading or trailing stretch (a fifth to a third), the way coders stop at a clause.
      const cut = Math.max(1, Math.floor(size * (0.2 + random() * 0.13)));
      return random() < 0.5
        ? { code: excerpt.code, start: start + cut, end }
        : { code: excerpt.code, start, end: end - cut };
    }
    case 'longer': {
      // Run on into the next paragraph, or back into the previous one at the end of a document.
      const extra = Math.max(1, Math.floor(size * (0.1 + random() * 0.2)));
      if (end + PARAGRAPH_BREAK.length < length) {
        return { code: excerpt.code, start, end: Math.min(length, end + PARAGRAPH_BREAK.length + extra) };
      }
      if (start > 0)
        return { code: excerpt.code, start: Math.max(0, start - PARAGRAPH_BREAK.length - extra), end };
      return { code: excerpt.code, start, end };
    }
    case 'same':
      return { code: excerpt.code, start, end };
  }
}
