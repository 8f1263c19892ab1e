/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled. UTF-8 without a byte-order mark: R's readr and Python's csv and
 * pandas read it as is (Excel users have the .xlsx export).
 */
export type CsvValue = string | number | null;

function field(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and data rows as CSV text. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
