/**
 * The export menu's and the agreement downloads' pure part: the files on offer and their routes,
 * the layers a user may pick for the quotes table, the file name a download is saved under, and
 * the agreement report's query and its description in words.
 */

/** One file in the export menu: its label and route under `/api/projects/:id/`. */
export interface ExportItem {
  id: string;
  label: string;
  path: string;
}

/** The project-wide exports, in menu order. */
export const PROJECT_EXPORTS: readonly ExportItem[] = [
  { id: 'qdpx', label: 'REFI-QDA project (.qdpx)', path: 'export/qdpx' },
  { id: 'qdc', label: 'REFI-QDA codebook (.qdc)', path: 'export/qdc' },
  { id: 'csv', label: 'Codings as CSV', path: 'export/codings.csv' },
  { id: 'xlsx', label: 'Codings as Excel (.xlsx)', path: 'export/codings.xlsx' },
];

/** The quotes table's formats, as the route names them, with their labels. */
export const QUOTE_FORMATS = [
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
  { format: 'docx', label: 'Word (.docx)' },
] as const;

export interface LayerChoice {
  /** A coder's user id, or `consensus`. */
  id: string;
  label: string;
}

/**
 * The layers offered for the quotes table: those the server lists for the caller (every layer
 * they may export that holds codings: coders who coded, then the consensus once it has codings),
 * by name. A layer with no codings has no quotes, so it is never offered.
 */
export function quoteLayers(layers: readonly { id: string; name: string; codings: number }[]): LayerChoice[] {
  return layers.filter((l) => l.codings > 0).map((l) => ({ id: l.id, label: l.name }));
}

/** What the menu says instead of the layer list when no layer has codings to quote. */
export function noQuoteLayers(seesAllLayers: boolean): string {
  return seesAllLayers
    ? 'Nobody has coded in this project yet, so there are no quotes to export.'
    : 'You have not coded anything in this project yet, so there are no quotes to export.';
}

/** The route of the quotes table for one layer. */
export function quotesPath(format: string, layer: string): string {
  return `export/quotes?${new URLSearchParams({ format, layer })}`;
}

/**
 * The file name in a `Content-Disposition` header (`filename*=UTF-8''…` preferred, then
 * `filename="…"`), else `fallback`; path separators are dropped.
 */
export function filenameFrom(disposition: string | null, fallback: string): string {
  const header = disposition ?? '';
  let name: string | null = null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      name = decodeURIComponent(star[1]!.trim());
    } catch {
      name = null;
    }
  }
  name ??= /filename="([^"]*)"/i.exec(header)?.[1] ?? /filename=([^;]+)/i.exec(header)?.[1]?.trim() ?? null;
  const safe = (name ?? '').replace(/[\\/]/g, '').trim();
  return safe || fallback;
}

/** The agreement dashboard's choices that shape the report. */
export interface AgreementOptions {
  unit: 'segment' | 'character' | 'unitizing';
  segments: 'paragraph' | 'line' | 'sentence' | 'turn';
  /** Bootstrap replicates for 95% intervals; 0: none. */
  replicates: number;
}

/** The report route for one format with the dashboard's choices (same query as the live view). */
export function agreementReportPath(format: 'html' | 'csv' | 'json', options: AgreementOptions): string {
  const query = new URLSearchParams({ format, unit: options.unit, ci: String(options.replicates) });
  if (options.unit === 'segment') query.set('segments', options.segments);
  return `export/agreement?${query}`;
}

const UNITS: Record<AgreementOptions['unit'], string> = {
  segment: 'segments',
  character: 'characters',
  unitizing: 'unitizing (α_u)',
};

/** The choices in words, as shown next to the download buttons: "Unit: segments (paragraphs); …". */
export function describeAgreementOptions(options: AgreementOptions): string {
  const unit = options.unit === 'segment' ? `segments (${options.segments}s)` : UNITS[options.unit];
  const intervals =
    options.replicates > 0
      ? `95% intervals from ${options.replicates} bootstrap replicates`
      : 'no confidence intervals';
  return `Unit: ${unit}; options: ${intervals}, any overlap counts as coded.`;
}
