/**
 * One search over a project's indexed texts: the index narrows the documents down by their
 * words, the pure matcher finds and places the hits (shared/search/match.ts), and a regular
 * expression scans every indexed text in a worker thread under a time limit (regexScan.ts).
 */
import { CodePointIndex } from '../../shared/model/codePoints.ts';
import { compileSearch, placeHits, positionSpans, type CompiledSearch } from '../../shared/search/match.ts';
import type { SearchHit, SearchQuery, SearchResult } from '../../shared/search/schemas.ts';
import { scanWithBudget } from './regexScan.ts';
import type { SearchIndex } from './SearchIndex.ts';
import { TextCache, type CachedText } from './TextCache.ts';
import { timeSlicer } from '../timeSlice.ts';

export interface SearchOptions {
  /** Longest a regular expression may run per search, in ms (default 2000). */
  regexBudgetMs?: number;
  /** Where texts are read from; default a cache of this search only. */
  cache?: TextCache;
  /** Runs a pattern scan (default `scanWithBudget` directly; the service adds a per-user gate). */
  scanRegex?: typeof scanWithBudget;
}

/**
 * Hits of `query` in the project's documents, in the order of `documents` (the project's list;
 * indexed texts of documents not in it are left out) and by position within each. `total` counts
 * every hit before `offset`/`limit` are applied. The query is compiled already valid (the
 * schema refuses bad patterns).
 */
export async function runSearch(
  index: SearchIndex,
  projectId: string,
  documents: readonly { id: string; title: string }[],
  query: SearchQuery,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const search = compileSearch(query.q, query.mode, query.caseSensitive);
  const wanted = query.document ? new Set(query.document) : null;
  const listed = documents.filter((d) => wanted === null || wanted.has(d.id));
  const entries = await index.find(projectId, search.words, wanted ? listed.map((d) => d.id) : undefined);
  const byId = await (options.cache ?? new TextCache()).texts(index, projectId, entries);
  const texts = listed.flatMap((d) => {
    const cached = byId.get(d.id);
    return cached === undefined ? [] : [{ document: d, text: cached.text, cached }];
  });
  const spans = search.untrusted
    ? await (options.scanRegex ?? scanWithBudget)(
        texts.map((t) => t.text),
        search.patterns[0]!,
        options.regexBudgetMs === undefined ? {} : { budgetMs: options.regexBudgetMs },
      )
    : await spansInSlices(texts, search);

  const total = spans.reduce((n, s) => n + s.length, 0);
  const hits: SearchHit[] = [];
  // Only the page's hits are placed (context cut, positions converted); the rest are counted.
  let skip = query.offset;
  let room = query.limit;
  for (let i = 0; i < texts.length && room > 0; i++) {
    const docSpans = spans[i]!;
    if (skip >= docSpans.length) {
      skip -= docSpans.length;
      continue;
    }
    const page = docSpans.slice(skip, skip + room);
    skip = 0;
    room -= page.length;
    const { document, text } = texts[i]!;
    for (const hit of placeHits(text, page, undefined, new CodePointIndex(text))) {
      hits.push({ documentId: document.id, documentTitle: document.title, ...hit });
    }
  }
  return { hits, total };
}

/**
 * Each text's spans, giving way between texts: a common word across a thousand transcripts (whose
 * word positions are first built here) would otherwise hold the event loop for seconds.
 */
async function spansInSlices(
  texts: readonly { text: string; cached: CachedText }[],
  search: CompiledSearch,
): Promise<[number, number][][]> {
  const slice = timeSlicer();
  const spans: [number, number][][] = [];
  for (const t of texts) {
    spans.push(positionSpans(t.text, t.cached.positions(), search));
    await slice();
  }
  return spans;
}
