/**
 * Every coding as one row of a tidy table, for R and Python: the document and its attributes,
 * the coder, the code and its path from the theme, the span in code points and its text, the
 * memo and when it was made.
 */
import { attributeValue } from '../../../shared/model/attributes.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import type { PortableCode, PortableProject } from '../../../shared/interchange/portable.ts';

/** Columns before the document attributes. */
const LEADING = ['coding_id', 'document_id', 'document'] as const;
/** Columns after the document attributes. */
const TRAILING = [
  'coder_id',
  'coder',
  'code_id',
  'code',
  'code_path',
  'start',
  'end',
  'text',
  'memo',
  'created',
] as const;

export interface CodingsTable {
  header: string[];
  /**
   * `start` and `end` are numbers (code points, half-open), and so are the values of number
   * attributes (docs/cases.md), so a spreadsheet sums them; everything else is text.
   */
  rows: (string | number)[][];
}

/** "Theme › Code" paths by code key (a parent cycle is cut where it closes). */
export function codePathsOf(codes: readonly PortableCode[]): Map<string, string> {
  const byKey = new Map(codes.map((c) => [c.key, c]));
  return new Map(
    codes.map((code) => {
      const names: string[] = [];
      const seen = new Set<string>();
      for (
        let c: PortableCode | undefined = code;
        c && !seen.has(c.key);
        c = c.parent === null ? undefined : byKey.get(c.parent)
      ) {
        seen.add(c.key);
        names.unshift(c.name);
      }
      return [code.key, names.join(' › ')];
    }),
  );
}

/**
 * The table of a project's codings, optionally of one layer (a coder id or `consensus`). Each
 * document attribute is a column named by its key; a key that clashes with a fixed column is
 * prefixed `attr_`. Rows follow the documents' order, then the span.
 */
export function codingsTable(data: PortableProject, options: { layer?: string } = {}): CodingsTable {
  const attributeKeys = [...new Set(data.documents.flatMap((d) => Object.keys(d.attributes)))];
  const fixed = new Set<string>([...LEADING, ...TRAILING]);
  const attributeColumns = attributeKeys.map((key) => {
    let column = key;
    while (fixed.has(column)) column = `attr_${column}`;
    fixed.add(column);
    return column;
  });
  const numeric = new Set((data.attributeTypes ?? []).filter((t) => t.type === 'number').map((t) => t.name));
  const coders = new Map(data.coders.map((c) => [c.key, c]));
  const codes = new Map(data.codes.map((c) => [c.key, c]));
  const paths = codePathsOf(data.codes);
  const documentOrder = new Map(data.documents.map((d, i) => [d.key, i]));
  const documents = new Map(
    data.documents.map((d) => [d.key, { document: d, index: new CodePointIndex(d.text) }]),
  );

  const codings = data.codings
    .filter((c) => options.layer === undefined || c.coder === options.layer)
    .sort(
      (a, b) =>
        (documentOrder.get(a.document) ?? 0) - (documentOrder.get(b.document) ?? 0) ||
        a.start - b.start ||
        a.end - b.end ||
        a.coder.localeCompare(b.coder) ||
        (paths.get(a.code) ?? '').localeCompare(paths.get(b.code) ?? ''),
    );
  const rows = codings.map((c) => {
    const { document, index } = documents.get(c.document)!;
    return [
      c.key,
      document.key,
      document.title,
      ...attributeKeys.map((key) =>
        typedCell(numeric.has(key), attributeValue(document.attributes, key) ?? ''),
      ),
      c.coder,
      coders.get(c.coder)?.name ?? c.coder,
      c.code,
      codes.get(c.code)?.name ?? '',
      paths.get(c.code) ?? '',
      c.start,
      c.end,
      document.text.slice(index.toUtf16(c.start), index.toUtf16(c.end)),
      c.memo,
      c.createdAt,
    ];
  });
  return { header: [...LEADING, ...attributeColumns, ...TRAILING], rows };
}

/**
 * A number attribute's value as a number when writing it as one changes nothing (`"42"`, `"3.5"`;
 * not `""`, nor digits past a double's precision, nor a value that does not fit); else the text.
 */
function typedCell(numeric: boolean, value: string): string | number {
  if (!numeric || value === '') return value;
  const n = Number(value);
  return Number.isFinite(n) && String(n) === value ? n : value;
}
