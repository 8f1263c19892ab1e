/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled. UTF-8 without a byte-order mark: R's readr and Python's csv and
 * pandas read it as is (Excel users have the .xlsx export).
 *
 * Text cells are neutralised against formula injection as OWASP recommends: memos, code names,
 * titles and coder names are typed by users, and a spreadsheet opening the file would run
 * `=HYPERLINK(…)` or `@SUM(…)` planted by any member. A text cell that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return gets a leading `'` and is quoted. Numbers are written as they
 * are (κ below zero stays a number).
 */
export type CsvValue = string | number | null;

/** The characters a spreadsheet may read as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet can open it safely: `'` before a formula-like start. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function field(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralizeFormula(value);
  return text !== value || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A header row and data rows as CSV text (see the module comment for quoting and neutralising).
 *
 * @param header column names, written as the first row.
 * @param rows data rows; `null` is an empty cell.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
