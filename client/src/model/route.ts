/**
 * The client's pages and their URLs. Pure: parses a location into a route and back, so links,
 * history and tests agree on one list.
 */
import {
  analysisChoicesQuery,
  parseAnalysisChoices,
  parseAnalysisView,
  type AnalysisChoices,
  type AnalysisView,
} from './analysisQuery.ts';

/** A character range to open a document at (UTF-16 offsets into the transcript). */
export interface RangeHint {
  from: number;
  to: number;
}

/** A PDF document shown as its rendered pages or as its text. */
export type DocumentView = 'page' | 'text';

/** A search as the search page's URL keeps it (`?q=…&mode=…&case=1&document=…`). */
export interface SearchRouteQuery {
  q: string;
  mode: 'words' | 'phrase' | 'regex';
  caseSensitive: boolean;
  /** Only this document; null for all. */
  document: string | null;
}

export type Route =
  | { name: 'login'; next: string | null }
  | { name: 'projects' }
  | { name: 'help' }
  | { name: 'project'; projectId: string }
  | {
      name: 'document';
      projectId: string;
      documentId: string;
      /** Write into the consensus layer instead of the user's own (reviewers). */
      consensus: boolean;
      /** A passage to select on opening (the review queue's "write your own"). */
      range: RangeHint | null;
      /**
       * How a PDF document is shown (`?view=text`, `?view=page`); null for the default, its
       * pages. Documents without pages are always text.
       */
      view?: DocumentView | null;
    }
  | { name: 'agreement'; projectId: string }
  | { name: 'review'; projectId: string }
  | { name: 'codebook'; projectId: string }
  | { name: 'rounds'; projectId: string }
  | { name: 'members'; projectId: string }
  /**
   * The analysis page, at one of its tabs (`?view=`), with what its views have chosen (absent:
   * nothing chosen yet).
   */
  | { name: 'analysis'; projectId: string; view: AnalysisView; choices?: AnalysisChoices }
  /**
   * The memos page, with one memo open (`memoId`), or asked to open the user's memo on a
   * document or code (`?document=` / `?code=`; created when there is none).
   */
  | { name: 'memos'; projectId: string; memoId: string | null; document: string | null; code: string | null }
  /**
   * Text search across the project's transcripts; `query` is the search last run there (in the
   * URL so that Back from a hit finds it again), null for the plain page.
   */
  | { name: 'search'; projectId: string; query: SearchRouteQuery | null }
  /** An invitation link as an owner copies it: the secret token is in the path. */
  | { name: 'invitation'; token: string }
  | { name: 'account' }
  | { name: 'notFound'; path: string };

const ID = '([A-Za-z0-9_-]{1,64})';
const PATTERNS: [RegExp, (m: RegExpExecArray, q: URLSearchParams) => Route][] = [
  [/^\/$/, () => ({ name: 'projects' })],
  [/^\/help$/, () => ({ name: 'help' })],
  [/^\/login$/, (_m, q) => ({ name: 'login', next: safeNext(q.get('next')) })],
  [new RegExp(`^/projects/${ID}$`), (m) => ({ name: 'project', projectId: m[1]! })],
  [
    new RegExp(`^/projects/${ID}/documents/${ID}$`),
    (m, q) => {
      const view = parseDocumentView(q.get('view'));
      return {
        name: 'document',
        projectId: m[1]!,
        documentId: m[2]!,
        consensus: q.get('layer') === 'consensus',
        range: parseRange(q.get('range')),
        // Absent unless chosen, so links made before PDFs existed read back as they were.
        ...(view ? { view } : {}),
      };
    },
  ],
  [new RegExp(`^/projects/${ID}/agreement$`), (m) => ({ name: 'agreement', projectId: m[1]! })],
  [new RegExp(`^/projects/${ID}/review$`), (m) => ({ name: 'review', projectId: m[1]! })],
  [new RegExp(`^/projects/${ID}/codebook$`), (m) => ({ name: 'codebook', projectId: m[1]! })],
  [new RegExp(`^/projects/${ID}/rounds$`), (m) => ({ name: 'rounds', projectId: m[1]! })],
  [new RegExp(`^/projects/${ID}/members$`), (m) => ({ name: 'members', projectId: m[1]! })],
  [
    new RegExp(`^/projects/${ID}/analysis$`),
    (m, q) => ({
      name: 'analysis',
      projectId: m[1]!,
      view: parseAnalysisView(q.get('view')),
      choices: parseAnalysisChoices(q),
    }),
  ],
  [
    new RegExp(`^/projects/${ID}/memos(?:/${ID})?$`),
    (m, q) => ({
      name: 'memos',
      projectId: m[1]!,
      memoId: m[2] ?? null,
      document: idParam(q.get('document')),
      code: idParam(q.get('code')),
    }),
  ],
  [
    new RegExp(`^/projects/${ID}/search$`),
    (m, q) => ({ name: 'search', projectId: m[1]!, query: parseSearchQuery(q) }),
  ],
  [/^\/invitations\/([A-Za-z0-9_-]{10,100})$/, (m) => ({ name: 'invitation', token: m[1]! })],
  [/^\/account$/, () => ({ name: 'account' })],
];

/** The route of a path and query string. */
export function parseRoute(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(path);
    if (m) return build(m, query);
  }
  return { name: 'notFound', path: pathname };
}

/** The URL of a route (path and query). */
export function routeUrl(route: Route): string {
  switch (route.name) {
    case 'login':
      return route.next ? `/login?next=${encodeURIComponent(route.next)}` : '/login';
    case 'projects':
      return '/';
    case 'help':
      return '/help';
    case 'project':
      return `/projects/${route.projectId}`;
    case 'document': {
      const query = new URLSearchParams();
      if (route.consensus) query.set('layer', 'consensus');
      if (route.range) query.set('range', `${route.range.from}-${route.range.to}`);
      if (route.view) query.set('view', route.view);
      const qs = query.toString();
      return `/projects/${route.projectId}/documents/${route.documentId}${qs ? `?${qs}` : ''}`;
    }
    case 'agreement':
    case 'review':
    case 'codebook':
    case 'rounds':
    case 'members':
      return `/projects/${route.projectId}/${route.name}`;
    case 'search': {
      const query = new URLSearchParams();
      if (route.query) {
        query.set('q', route.query.q);
        // The defaults stay out of the URL, as the page's own form starts with them.
        if (route.query.mode !== 'words') query.set('mode', route.query.mode);
        if (route.query.caseSensitive) query.set('case', '1');
        if (route.query.document) query.set('document', route.query.document);
      }
      const qs = query.toString();
      return `/projects/${route.projectId}/search${qs ? `?${qs}` : ''}`;
    }
    case 'analysis': {
      const query = route.choices ? analysisChoicesQuery(route.choices) : new URLSearchParams();
      // Retrieve is the page's first tab: it needs no `view=`.
      if (route.view !== 'retrieve') query.set('view', route.view);
      const qs = query.toString();
      return `/projects/${route.projectId}/analysis${qs ? `?${qs}` : ''}`;
    }
    case 'memos': {
      const query = new URLSearchParams();
      if (route.document) query.set('document', route.document);
      if (route.code) query.set('code', route.code);
      const qs = query.toString();
      return `/projects/${route.projectId}/memos${route.memoId ? `/${route.memoId}` : ''}${qs ? `?${qs}` : ''}`;
    }
    case 'invitation':
      return `/invitations/${route.token}`;
    case 'account':
      return '/account';
    case 'notFound':
      return route.path;
  }
}

/**
 * Whether a signed-out visitor on `route` is signing in to accept an invitation: the invitation
 * link itself, or the sign-in page that will continue to one (`/login?next=/invitations/…`).
 */
export function signsInForInvitation(route: Route): boolean {
  if (route.name === 'invitation') return true;
  return route.name === 'login' && route.next !== null && /^\/invitations\/[^/?#]+$/.test(route.next);
}

function idParam(value: string | null): string | null {
  return value !== null && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
}

/** The search in a search page's URL; null without a query (the plain page). */
function parseSearchQuery(query: URLSearchParams): SearchRouteQuery | null {
  const q = query.get('q');
  if (q === null || q.trim() === '') return null;
  const mode = query.get('mode');
  return {
    q,
    mode: mode === 'phrase' || mode === 'regex' ? mode : 'words',
    caseSensitive: query.get('case') === '1',
    document: idParam(query.get('document')),
  };
}

function parseDocumentView(value: string | null): DocumentView | null {
  return value === 'page' || value === 'text' ? value : null;
}

function parseRange(value: string | null): RangeHint | null {
  const m = value ? /^(\d+)-(\d+)$/.exec(value) : null;
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to >= from ? { from, to } : null;
}

/** Only our own paths may follow sign-in: an open redirect would let a link send users elsewhere. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}
