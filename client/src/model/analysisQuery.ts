/**
 * The analysis page's choices as URLs: which tab is open (kept in the page's own query so reload
 * and back keep it), and the query strings of the analysis routes, their exports and their live
 * streams. Pure: the page, its links and the tests build every URL here.
 */

/** The analysis page's tabs, as named in its URL (`?view=`). */
export const ANALYSIS_VIEWS = ['retrieve', 'cooccurrence', 'matrix'] as const;
export type AnalysisView = (typeof ANALYSIS_VIEWS)[number];

/** The tab a `?view=` value names; anything else opens Retrieve. */
export function parseAnalysisView(value: string | null): AnalysisView {
  return (ANALYSIS_VIEWS as readonly string[]).includes(value ?? '') ? (value as AnalysisView) : 'retrieve';
}

/** One attribute filter: documents whose attribute `name` equals `value`. */
export interface AttributeFilter {
  name: string;
  value: string;
}

/** What a retrieval asks for; empty lists mean "no filter" (every layer the caller may see, …). */
export interface RetrievalFilters {
  /** Codes or themes. */
  codes: readonly string[];
  /** Include the codes under each chosen code or theme (the route's default). */
  children: boolean;
  /** Coder ids or `consensus`. */
  layers: readonly string[];
  documents: readonly string[];
  attributes: readonly AttributeFilter[];
}

/** The query string of `GET …/segments` (and its export and live stream) for `filters`. */
export function retrievalQuery(filters: RetrievalFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const code of filters.codes) query.append('code', code);
  query.set('children', String(filters.children));
  for (const layer of filters.layers) query.append('layer', layer);
  for (const document of filters.documents) query.append('document', document);
  for (const { name, value } of filters.attributes) query.append('attribute', `${name}:${value}`);
  return query;
}

/** Formats the retrieval downloads as. */
export type RetrievalFormat = 'csv' | 'md' | 'docx';

/** The views that have a live stream. */
type AnalysisKind = 'segments' | 'cooccurrence' | 'matrix';

/** Paths of the analysis routes of one project. */
export function analysisPaths(projectId: string) {
  const base = `/api/projects/${projectId}`;
  /**
   * The live stream of one view: `kind` names the view and the event it sends; `path` is the
   * view's own route (its query is passed on unchanged).
   */
  const events = (kind: AnalysisKind, path: string) => {
    const query = new URLSearchParams(path.split('?')[1] ?? '');
    query.set('kind', kind);
    return `${base}/analysis/events?${query}`;
  };
  return {
    /** `limit`: most passages in the answer (its `total` still counts them all); default all. */
    segments: (filters: RetrievalFilters, limit?: number) => {
      const query = retrievalQuery(filters);
      if (limit !== undefined) query.set('limit', String(limit));
      return `${base}/segments?${query}`;
    },
    segmentsExport: (filters: RetrievalFilters, format: RetrievalFormat) => {
      const query = retrievalQuery(filters);
      query.set('format', format);
      return `${base}/segments/export?${query}`;
    },
    cooccurrence: (layer: string) => `${base}/cooccurrence?${new URLSearchParams({ layer })}`,
    matrix: (layer: string, columns: MatrixColumns) =>
      `${base}/matrix?${new URLSearchParams({ layer, columns: matrixColumnsParam(columns) })}`,
    matrixExport: (layer: string, columns: MatrixColumns) =>
      `${base}/matrix/export?${new URLSearchParams({ layer, columns: matrixColumnsParam(columns), format: 'csv' })}`,
    events,
    /**
     * What keeps one view current: its route, its stream, and the event the stream sends its
     * answers as (named after the view's kind, like the stream's `kind=`).
     */
    live: (kind: AnalysisKind, path: string) => ({ path, events: events(kind, path), event: kind }),
  };
}

/** A matrix's columns: one per document, or one per value of a document attribute. */
export type MatrixColumns = { by: 'documents' } | { by: 'attribute'; name: string };

/** The `columns=` value of the matrix route. */
export function matrixColumnsParam(columns: MatrixColumns): string {
  return columns.by === 'documents' ? 'documents' : `attribute:${columns.name}`;
}

/** The filters that retrieve the passages behind one matrix cell: that code, that layer, that column. */
export function matrixCellFilters(
  codeId: string,
  layer: string,
  columns: MatrixColumns,
  columnKey: string,
): RetrievalFilters {
  return {
    codes: [codeId],
    // The matrix counts codings of exactly that code.
    children: false,
    layers: [layer],
    documents: columns.by === 'documents' ? [columnKey] : [],
    attributes: columns.by === 'attribute' ? [{ name: columns.name, value: columnKey }] : [],
  };
}

/** The attribute names the project's documents carry, sorted, for the matrix's column picker. */
export function attributeNames(documents: readonly { attributes: Record<string, unknown> }[]): string[] {
  const names = new Set<string>();
  for (const d of documents) for (const name of Object.keys(d.attributes)) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** The values attribute `name` takes across the documents, sorted, for the retrieval's filter. */
export function attributeValues(
  documents: readonly { attributes: Record<string, unknown> }[],
  name: string,
): string[] {
  const values = new Set<string>();
  for (const d of documents) {
    const value = d.attributes[name];
    if (value !== undefined && value !== null && value !== '') values.add(String(value));
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}

/** The tab a key moves to in the tab list (arrows wrap, Home and End jump); null for other keys. */
export function tabAfterKey(current: AnalysisView, key: string): AnalysisView | null {
  const at = ANALYSIS_VIEWS.indexOf(current);
  const n = ANALYSIS_VIEWS.length;
  switch (key) {
    case 'ArrowRight':
      return ANALYSIS_VIEWS[(at + 1) % n]!;
    case 'ArrowLeft':
      return ANALYSIS_VIEWS[(at - 1 + n) % n]!;
    case 'Home':
      return ANALYSIS_VIEWS[0];
    case 'End':
      return ANALYSIS_VIEWS[n - 1]!;
    default:
      return null;
  }
}

/**
 * What the analysis page's views have chosen, kept in the page's own URL (replaced as it changes),
 * so Back from "Open in document" returns to the same passages and a link shares them.
 */
export interface AnalysisChoices {
  /** Retrieve: codes and themes. */
  codes: readonly string[];
  /** Retrieve: include each chosen code's sub-codes. */
  subCodes: boolean;
  /** Retrieve: layers unticked (every other layer offered is asked for). */
  hiddenLayers: readonly string[];
  /** Retrieve: one document, or '' for all. */
  document: string;
  /** Retrieve: an attribute and its value ('' for any). */
  attributeName: string;
  attributeValue: string;
  /** Retrieve: how passages are grouped. */
  groupBy: 'document' | 'coder';
  /** Co-occurrence: the layer chosen ('' until one is: the view picks its default). */
  cooccurrenceLayer: string;
  /** Matrix: the layer chosen ('' as above) and its columns. */
  matrixLayer: string;
  columns: MatrixColumns;
}

/** Nothing chosen yet: what a plain `/analysis` URL means. */
export const NO_CHOICES: AnalysisChoices = {
  codes: [],
  subCodes: true,
  hiddenLayers: [],
  document: '',
  attributeName: '',
  attributeValue: '',
  groupBy: 'document',
  cooccurrenceLayer: '',
  matrixLayer: '',
  columns: { by: 'documents' },
};

/** Ids and layer keys as the URL may carry them; anything else is dropped, not passed to the API. */
const KEY = /^[A-Za-z0-9_~-]{1,130}$/;
/** Most ids one list in the URL keeps: a codebook is far smaller, and a URL must stay short. */
const MOST_IDS = 500;

function keys(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => KEY.test(v)))].slice(0, MOST_IDS);
}

function key(value: string | null): string {
  return value !== null && KEY.test(value) ? value : '';
}

/** The choices a page URL's query holds; missing or malformed ones are left at their defaults. */
export function parseAnalysisChoices(query: URLSearchParams): AnalysisChoices {
  const attributeName = (query.get('attribute') ?? '').slice(0, 200);
  const columns = query.get('columns') ?? '';
  return {
    codes: keys(query.getAll('code')),
    subCodes: query.get('subcodes') !== 'no',
    hiddenLayers: keys(query.getAll('hide')),
    document: key(query.get('document')),
    attributeName,
    attributeValue: attributeName ? (query.get('value') ?? '').slice(0, 200) : '',
    groupBy: query.get('group') === 'coder' ? 'coder' : 'document',
    cooccurrenceLayer: key(query.get('cooccurrence-layer')),
    matrixLayer: key(query.get('matrix-layer')),
    columns:
      columns.startsWith('attribute:') && columns.length > 'attribute:'.length
        ? { by: 'attribute', name: columns.slice('attribute:'.length, 'attribute:'.length + 200) }
        : { by: 'documents' },
  };
}

/** The query holding `choices`: only what differs from nothing chosen, so plain URLs stay plain. */
export function analysisChoicesQuery(choices: AnalysisChoices): URLSearchParams {
  const query = new URLSearchParams();
  for (const code of choices.codes) query.append('code', code);
  if (!choices.subCodes) query.set('subcodes', 'no');
  for (const layer of choices.hiddenLayers) query.append('hide', layer);
  if (choices.document) query.set('document', choices.document);
  if (choices.attributeName) {
    query.set('attribute', choices.attributeName);
    if (choices.attributeValue) query.set('value', choices.attributeValue);
  }
  if (choices.groupBy === 'coder') query.set('group', 'coder');
  if (choices.cooccurrenceLayer) query.set('cooccurrence-layer', choices.cooccurrenceLayer);
  if (choices.matrixLayer) query.set('matrix-layer', choices.matrixLayer);
  if (choices.columns.by === 'attribute') query.set('columns', matrixColumnsParam(choices.columns));
  return query;
}
