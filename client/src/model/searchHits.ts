/**
 * Search results as the search page shows them: grouped by document, cut to a line of keyword in
 * context, and turned into the coding view's range hint. Pure.
 */
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import type { SearchHit } from '../../../shared/search/schemas.ts';
import type { RangeHint } from './route.ts';

/** A hit's stable key on the page: document and code-point span. */
export function hitKey(hit: Pick<SearchHit, 'documentId' | 'start' | 'end'>): string {
  return `${hit.documentId}:${hit.start}-${hit.end}`;
}

/** Hits grouped by document, in the order the documents first appear. */
export function groupByDocument(
  hits: readonly SearchHit[],
): { documentId: string; title: string; hits: SearchHit[] }[] {
  const groups = new Map<string, { documentId: string; title: string; hits: SearchHit[] }>();
  for (const hit of hits) {
    let group = groups.get(hit.documentId);
    if (!group) {
      group = { documentId: hit.documentId, title: hit.documentTitle, hits: [] };
      groups.set(hit.documentId, group);
    }
    group.hits.push(hit);
  }
  return [...groups.values()];
}

/**
 * The context shown on a keyword-in-context line: at most `width` code points on each side,
 * cut at the far end (with "…" where text was left out), line breaks shown as spaces.
 */
export function kwic(
  hit: Pick<SearchHit, 'before' | 'after' | 'start'>,
  width = 60,
): { before: string; after: string } {
  const flat = (s: string) => s.replace(/\s+/gu, ' ');
  const before = Array.from(flat(hit.before));
  const after = Array.from(flat(hit.after));
  return {
    before:
      before.length > width || hit.start > before.length
        ? `…${before.slice(-width).join('')}`
        : before.join(''),
    after: after.length > width ? `${after.slice(0, width).join('')}…` : after.join(''),
  };
}

/**
 * The coding view's range hint (UTF-16 offsets into the transcript) of a hit's code-point span,
 * given the document's text. Null when the text no longer holds the hit's match there (edited
 * since the search).
 */
export function hitRange(
  text: string,
  hit: Pick<SearchHit, 'start' | 'end' | 'match'>,
  index = new CodePointIndex(text),
): RangeHint | null {
  if (hit.end > index.length) return null;
  const from = index.toUtf16(hit.start);
  const to = index.toUtf16(hit.end);
  return text.slice(from, to) === hit.match ? { from, to } : null;
}

/**
 * The coding view's range hint from the hit alone: exact when `before` reaches back to the start
 * of the text (the hit is within the context length of it), else null (the text is needed).
 */
export function rangeFromContext(hit: Pick<SearchHit, 'start' | 'before' | 'match'>): RangeHint | null {
  if (Array.from(hit.before).length !== hit.start) return null;
  const from = hit.before.length;
  return { from, to: from + hit.match.length };
}
