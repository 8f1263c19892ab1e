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

/**
 * The results heading: how many hits, which of them are shown, and in how many documents. While
 * only some hits are shown the documents are counted among those ("so far"): the hits not yet
 * loaded may lie in other documents.
 */
export function resultsHeading(total: number, shown: readonly Pick<SearchHit, 'documentId'>[]): string {
  const hits = `${total} ${total === 1 ? 'hit' : 'hits'}`;
  if (total === 0) return hits;
  const documents = new Set(shown.map((h) => h.documentId)).size;
  const inDocuments = `in ${documents} ${documents === 1 ? 'document' : 'documents'}`;
  if (shown.length >= total) return `${hits} ${inDocuments}`;
  return `${hits} (showing 1–${shown.length}), ${inDocuments} so far`;
}

/**
 * The server's answer about a query, in researchers' words, shown at the query field. The
 * regular expression parser says "Invalid regular expression: /(unclosed/giu: Unterminated group";
 * the pattern and its flags are left out (the researcher just typed the one and never chose the
 * other) and the parser's reason kept, with a hint where it names a bracket.
 */
export function queryErrorText(message: string): string {
  const parsed = /^Invalid regular expression: \/[\s\S]*\/[a-z]*: ([^/]+)$/u.exec(message);
  if (!parsed) return sentence(message);
  const reason = parsed[1]!.trim();
  const hint = PATTERN_HINTS.find(([test]) => test.test(reason));
  const said = hint ? hint[1] : lowerFirst(reason);
  return `This pattern is not valid: ${said}.`;
}

/** The parser's reasons that a bracket or a special character explains better. */
const PATTERN_HINTS: [RegExp, string][] = [
  [/^Unterminated group$/u, 'unterminated group ‘(’ — check brackets'],
  [/^Unmatched '\)'$/u, 'unmatched ‘)’ — check brackets'],
  [/^Unterminated character class$/u, 'unterminated character class ‘[’ — check brackets'],
  [/^Incomplete quantifier$/u, 'an unfinished ‘{…}’ — write \\{ to find the bracket itself'],
  [/^Lone quantifier brackets$/u, 'a lone ‘{’ or ‘}’ — write \\{ or \\} to find the bracket itself'],
  [/^Nothing to repeat$/u, 'nothing to repeat — write \\*, \\+ or \\? to find the character itself'],
  [/^\\ at end of pattern$/u, 'a ‘\\’ at the end — write \\\\ to find a backslash'],
];

/** The answer when the caller's previous pattern search is still running (429 `rateLimited`). */
export const PATTERN_STILL_RUNNING =
  'Your previous pattern search is still running. Wait for it to finish, then search again.';

function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/u.test(first) ? first : `${first}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
