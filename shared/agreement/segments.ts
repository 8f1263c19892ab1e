import { CodePointIndex } from '../model/codePoints.ts';
import type { Interval } from './intervals.ts';
import type { Segmentation } from './options.ts';

/** A stretch of text in UTF-16 indices, before conversion to code points. */
interface Span {
  start: number;
  end: number;
}

/** Lines of `text` without their terminators (`\n`, `\r\n` or `\r`). */
function lines(text: string): Span[] {
  const out: Span[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out;
}

/** The span without leading and trailing white space, or null if nothing is left. */
function trim(text: string, span: Span): Span | null {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return start < end ? { start, end } : null;
}

const isBlank = (text: string, span: Span): boolean => trim(text, span) === null;

/** Paragraphs: maximal runs of non-blank lines. */
function paragraphs(text: string): Span[] {
  const out: Span[] = [];
  let current: Span | null = null;
  for (const line of lines(text)) {
    if (isBlank(text, line)) {
      current = null;
      continue;
    }
    if (current) current.end = line.end;
    else {
      current = { start: line.start, end: line.end };
      out.push(current);
    }
  }
  return out;
}

/**
 * Sentences, never across a line break: a sentence ends after `.`, `!`, `?` or `…` (with any
 * closing quotes or brackets) followed by white space or the end of the line.
 */
function sentences(text: string): Span[] {
  const out: Span[] = [];
  const end = /[.!?…]+["'”’)\]]*(?=\s|$)/g;
  for (const line of lines(text)) {
    const content = text.slice(line.start, line.end);
    let start = 0;
    end.lastIndex = 0;
    for (let m = end.exec(content); m; m = end.exec(content)) {
      const stop = m.index + m[0].length;
      out.push({ start: line.start + start, end: line.start + stop });
      start = stop;
    }
    out.push({ start: line.start + start, end: line.end });
  }
  return out;
}

/** `Name: text` at a line start: up to 40 characters and 4 words without a colon, then `:`. */
const TURN = /^[ \t]*([^\s:][^:\r\n]{0,39}?)[ \t]*:(?:[ \t]+|$)/;

/**
 * Speaker turns: a turn starts at a line of the form `Name: text` and runs to the next one; the
 * speaker label is not part of the unit. Text before the first turn is a unit of its own.
 */
function turns(text: string): Span[] {
  const out: Span[] = [];
  let current: Span = { start: 0, end: 0 };
  for (const line of lines(text)) {
    const m = TURN.exec(text.slice(line.start, line.end));
    const name = m?.[1];
    if (m && name !== undefined && name.trim().split(/\s+/).length <= 4) {
      out.push(current);
      current = { start: line.start + m[0].length, end: line.end };
    } else {
      current.end = line.end;
    }
  }
  out.push(current);
  return out;
}

/**
 * Units of analysis derived from `text`, in code points, trimmed of surrounding white space, empty
 * ones dropped. `given` is not derived; see the document's `units`.
 */
export function deriveSegments(text: string, segmentation: Exclude<Segmentation, 'given'>): Interval[] {
  const spans =
    segmentation === 'paragraph'
      ? paragraphs(text)
      : segmentation === 'line'
        ? lines(text)
        : segmentation === 'sentence'
          ? sentences(text)
          : turns(text);
  const index = new CodePointIndex(text);
  const toCodePoint = (utf16: number): number => index.toCodePoint(utf16);
  const out: Interval[] = [];
  for (const span of spans) {
    const t = trim(text, span);
    if (t) out.push({ start: toCodePoint(t.start), end: toCodePoint(t.end) });
  }
  return out;
}
