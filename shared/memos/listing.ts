/**
 * Pure helpers for memo lists: the excerpt shown for a body and the list filter (search words,
 * kind, linked code or document). No I/O: the server passes rows in, the client may reuse them.
 */
import { foldPunctuation } from '../search/punctuation.ts';
import { EXCERPT_CODE_POINTS, type MemoKind, type MemoLinks, type MemoQuery } from './schemas.ts';

/** The start of a body for a list: whitespace collapsed, at most `EXCERPT_CODE_POINTS` code points. */
export function memoExcerpt(body: string): string {
  const flat = body.replace(/\s+/gu, ' ').trim();
  const points = [...flat];
  return points.length <= EXCERPT_CODE_POINTS
    ? flat
    : `${points.slice(0, EXCERPT_CODE_POINTS - 1).join('')}…`;
}

/** What the filter reads of a memo. */
export interface FilterableMemo {
  kind: MemoKind;
  title: string;
  body: string;
  links: MemoLinks;
}

/**
 * The search words of `q`: split on white space, lower-cased (locale-independent), with curly
 * quotes, apostrophes and dashes made plain (see shared/search/punctuation.ts).
 */
export function searchWords(q: string | undefined): string[] {
  return foldPunctuation(q ?? '')
    .split(/\s+/u)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 0);
}

/**
 * Whether a memo passes the list's filters: every word of `q` occurs (case-insensitive, as a
 * substring, `'` finding `’`) in its title or body, and its kind, linked code and linked document match those asked
 * for. A passage's document counts as a linked document.
 */
export function memoMatches(memo: FilterableMemo, query: MemoQuery): boolean {
  if (query.kind !== undefined && memo.kind !== query.kind) return false;
  if (query.code !== undefined && !memo.links.codes.includes(query.code)) return false;
  if (
    query.document !== undefined &&
    !memo.links.documents.includes(query.document) &&
    !memo.links.passages.some((p) => p.documentId === query.document)
  )
    return false;
  const words = searchWords(query.q);
  if (words.length === 0) return true;
  const haystack = foldPunctuation(`${memo.title}\n${memo.body}`).toLowerCase();
  return words.every((w) => haystack.includes(w));
}
