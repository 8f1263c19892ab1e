/**
 * Typed document attributes. Values stay strings everywhere (`Document.attributes`), so filters,
 * strata and exports keep comparing text; a project-level definition gives an attribute a type,
 * and every value written under that type is first brought to one canonical string:
 *
 * - `number`: a plain decimal without exponent or grouping (`"42"`, `"3.5"`, `"-0.001"`), the
 *   shortest form that reads back as the same double;
 * - `date`: ISO `YYYY-MM-DD` (a calendar date that exists);
 * - `boolean`: `"true"` or `"false"`;
 * - `text`: as given.
 *
 * An empty value means "not recorded" and is allowed for every type. Pure: no I/O, no clock.
 */

/** The types an attribute may have. */
export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** A project's declaration that attribute `name` holds values of `type`. */
export interface AttributeDefinition {
  name: string;
  type: AttributeType;
}

/** A value brought to canonical form, or why it cannot be one of its type. */
export type Normalized = { ok: true; value: string } | { ok: false; message: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date with a time after it (REFI `DateTimeValue`, spreadsheets): the date part is kept. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/**
 * A finite double as a plain decimal: `String(n)` when it has no exponent, else its digits moved
 * by the exponent (`1e21` → `"1000000000000000000000"`, `1e-7` → `"0.0000001"`); `-0` is `"0"`.
 * The digits are those of the shortest round-trip form, so reading the result gives `n` again.
 */
export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** Whether year-month-day names a day of the proleptic Gregorian calendar. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * `raw` in the canonical form of `type` (surrounding spaces ignored; `""` stays `""`), or a message
 * naming the value and the type, e.g. `“forty” is not a number`. Numbers accept an optional sign,
 * a decimal point and an exponent; dates accept `YYYY-MM-DD`, optionally followed by a time which
 * is dropped; booleans accept true/false, yes/no, y/n, 1/0 in any case.
 */
export function normalizeValue(type: AttributeType, raw: string): Normalized {
  if (type === 'text') return { ok: true, value: raw };
  const value = raw.trim();
  if (value === '') return { ok: true, value: '' };
  switch (type) {
    case 'number': {
      const n = NUMBER.test(value) ? Number(value) : NaN;
      return Number.isFinite(n)
        ? { ok: true, value: formatNumber(n) }
        : { ok: false, message: `“${raw}” is not a number` };
    }
    case 'date': {
      const date = DATE_TIME.exec(value)?.[1] ?? value;
      const m = DATE.exec(date);
      return m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
        ? { ok: true, value: date }
        : { ok: false, message: `“${raw}” is not a date (YYYY-MM-DD)` };
    }
    case 'boolean': {
      const lower = value.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: 'true' };
      if (FALSE.has(lower)) return { ok: true, value: 'false' };
      return { ok: false, message: `“${raw}” is not true or false` };
    }
  }
}

/** The type of attribute `name` under these definitions: `text` when it has none. */
export function typeOf(definitions: readonly AttributeDefinition[], name: string): AttributeType {
  return definitions.find((d) => d.name === name)?.type ?? 'text';
}

/** A value that does not fit its attribute's type. */
export interface ValueProblem {
  name: string;
  message: string;
}

/**
 * A document's attribute map checked against the project's definitions: every value in canonical
 * form, and the values that do not fit (by attribute name). Attributes without a definition are
 * text and pass unchanged.
 */
export function checkAttributes(
  definitions: readonly AttributeDefinition[],
  attributes: Readonly<Record<string, string>>,
): { attributes: Record<string, string>; problems: ValueProblem[] } {
  const out: Record<string, string> = {};
  const problems: ValueProblem[] = [];
  for (const [name, raw] of Object.entries(attributes)) {
    const result = normalizeValue(typeOf(definitions, name), raw);
    if (result.ok) out[name] = result.value;
    else {
      out[name] = raw;
      problems.push({ name, message: result.message });
    }
  }
  return { attributes: out, problems };
}

/** A document's value of the attribute being converted. */
export interface HeldValue {
  documentId: string;
  title: string;
  value: string;
}

/**
 * What changing an attribute's type to `type` would do to the values documents hold: each value's
 * canonical form under the new type, or — when any does not fit — the documents whose values do
 * not (and no conversion, since a change of type converts all values or none).
 */
export function convertValues(
  type: AttributeType,
  held: readonly HeldValue[],
):
  | { ok: true; values: { documentId: string; value: string }[] }
  | { ok: false; misfits: (HeldValue & { message: string })[] } {
  const values: { documentId: string; value: string }[] = [];
  const misfits: (HeldValue & { message: string })[] = [];
  for (const h of held) {
    const result = normalizeValue(type, h.value);
    if (result.ok) values.push({ documentId: h.documentId, value: result.value });
    else misfits.push({ ...h, message: result.message });
  }
  return misfits.length > 0 ? { ok: false, misfits } : { ok: true, values };
}

/**
 * Orders two values of one attribute by its type: numbers numerically, dates by date, `false`
 * before `true`, text by `compareText` (default: code unit order). Empty values and values that
 * do not fit the type (data written before the type was set) sort after all others, among
 * themselves by text.
 */
export function compareValues(
  type: AttributeType,
  a: string,
  b: string,
  compareText: (a: string, b: string) => number = (x, y) => (x < y ? -1 : x > y ? 1 : 0),
): number {
  if (type === 'text') return compareText(a, b);
  const ka = sortKey(type, a);
  const kb = sortKey(type, b);
  if (ka === null || kb === null) {
    if (ka !== null) return -1;
    if (kb !== null) return 1;
    return compareText(a, b);
  }
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A number to order by, or null for an empty or misfitting value. Dates sort as their ISO text. */
function sortKey(type: Exclude<AttributeType, 'text'>, value: string): number | string | null {
  const result = normalizeValue(type, value);
  if (!result.ok || result.value === '') return null;
  if (type === 'number') return Number(result.value);
  if (type === 'boolean') return result.value === 'true' ? 1 : 0;
  return result.value;
}

/**
 * Whether `value` equals `wanted` for an attribute of this type: compared in canonical form, so a
 * filter for `age:42.0` finds `"42"`, and `flag:yes` finds `"true"`. Text compares exactly.
 */
export function valueMatches(type: AttributeType, value: string, wanted: string): boolean {
  if (type === 'text') return value === wanted;
  const a = normalizeValue(type, value);
  const b = normalizeValue(type, wanted);
  return a.ok && b.ok ? a.value === b.value : value === wanted;
}
