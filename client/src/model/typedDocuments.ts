/**
 * The documents table's typed attributes and cases: sorting by an attribute as its type orders
 * (numbers numerically, dates by date), the attribute filter comparing values of its type, the
 * values offered in type order, and narrowing to one case's documents. Pure.
 */
import { attributeValue } from '../../../shared/model/attributes.ts';
import {
  compareValues,
  normalizeValue,
  valueMatches,
  type AttributeType,
} from '../../../shared/model/attributeTypes.ts';
import type { Case, Document } from '../../../shared/schemas.ts';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorting by one attribute column. */
export interface AttributeSort {
  name: string;
  ascending: boolean;
}

/** The type of each attribute the project declares; others are text. */
export type AttributeTypes = ReadonlyMap<string, AttributeType>;

const typeIn = (types: AttributeTypes, name: string): AttributeType => types.get(name) ?? 'text';

/**
 * The documents sorted by one attribute as its type orders them (a stable sort). Documents without
 * a value, or with one that does not fit the type, come last either way.
 */
export function sortByAttribute(
  documents: readonly Document[],
  sort: AttributeSort,
  types: AttributeTypes,
): Document[] {
  const type = typeIn(types, sort.name);
  const sign = sort.ascending ? 1 : -1;
  const valueOf = (d: Document) => attributeValue(d.attributes, sort.name) ?? '';
  const unordered = (v: string) => v.trim() === '' || !normalizeValue(type, v).ok;
  return [...documents].sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    // Empty (and misfitting) values stay at the end whichever way the column sorts.
    const ea = unordered(va);
    const eb = unordered(vb);
    if (ea !== eb) return ea ? 1 : -1;
    return sign * compareValues(type, va, vb, collator.compare) || a.order - b.order;
  });
}

/** The documents whose attribute `name` equals `value` as its type compares (`value` null: has it). */
export function filterByAttribute(
  documents: readonly Document[],
  filter: { name: string; value: string | null },
  types: AttributeTypes,
): Document[] {
  const type = typeIn(types, filter.name);
  return documents.filter((d) => {
    const value = attributeValue(d.attributes, filter.name);
    return value !== undefined && (filter.value === null || valueMatches(type, value, filter.value));
  });
}

/** The distinct values of one attribute, in its type's order. */
export function typedValues(documents: readonly Document[], name: string, types: AttributeTypes): string[] {
  const type = typeIn(types, name);
  const values = documents.flatMap((d) => (Object.hasOwn(d.attributes, name) ? [d.attributes[name]!] : []));
  return [...new Set(values)].sort((a, b) => compareValues(type, a, b, collator.compare));
}

/** The documents of one case (`caseId` null, or a case no longer there: all). */
export function filterByCase(
  documents: readonly Document[],
  cases: readonly Case[],
  caseId: string | null,
): Document[] {
  const kase = caseId === null ? undefined : cases.find((c) => c.id === caseId);
  if (!kase) return [...documents];
  const members = new Set(kase.documentIds);
  return documents.filter((d) => members.has(d.id));
}

/** The cases a document belongs to, by name. */
export function casesOf(cases: readonly Case[], documentId: string): string[] {
  return cases.filter((c) => c.documentIds.includes(documentId)).map((c) => c.name);
}

/**
 * How each type is named wherever people read it. "yes/no" is the word the help and the README
 * use; the API's value stays `boolean`.
 */
export const ATTRIBUTE_TYPE_LABELS: Readonly<Record<AttributeType, string>> = {
  text: 'text',
  number: 'number',
  date: 'date',
  boolean: 'yes/no',
};

/** One entry of the "Sort by" menu: a fixed column or an attribute column. */
export interface SortChoice {
  value: string;
  label: string;
}

/** What a "Sort by" menu value stands for. */
export type ParsedSortChoice<K extends string> =
  { kind: 'column'; key: K } | { kind: 'attribute'; name: string };

/** Attribute entries are prefixed, so an attribute called "title" is not the Title column. */
const ATTRIBUTE_CHOICE = 'attribute:';

/**
 * The "Sort by" menu: the fixed columns, then each attribute as "name (attribute)". The attribute
 * the table is sorted by is always offered, even a new column no document has a value in yet, so
 * the menu can show what sorts the table.
 */
export function sortChoices<K extends string>(
  columns: Readonly<Record<K, string>>,
  attributes: readonly string[],
  attributeSort: AttributeSort | null,
): SortChoice[] {
  const names = [...attributes];
  if (attributeSort && !names.includes(attributeSort.name)) names.push(attributeSort.name);
  return [
    ...(Object.entries(columns) as [K, string][]).map(([key, label]) => ({ value: key, label })),
    ...names.map((name) => ({ value: `${ATTRIBUTE_CHOICE}${name}`, label: `${name} (attribute)` })),
  ];
}

/** The menu value of what sorts the table now: the attribute while one does, else the column. */
export function sortChoiceValue(columnKey: string, attributeSort: AttributeSort | null): string {
  return attributeSort ? `${ATTRIBUTE_CHOICE}${attributeSort.name}` : columnKey;
}

/** Reads a "Sort by" menu value back. */
export function parseSortChoice<K extends string>(value: string): ParsedSortChoice<K> {
  return value.startsWith(ATTRIBUTE_CHOICE)
    ? { kind: 'attribute', name: value.slice(ATTRIBUTE_CHOICE.length) }
    : { kind: 'column', key: value as K };
}

/**
 * The direction mark after a column's name: only the column that sorts the table has one, so a
 * fixed column shows none while an attribute sorts (and the other way round).
 */
export function sortMark(active: boolean, ascending: boolean): string {
  if (!active) return '';
  return ascending ? ' ▲' : ' ▼';
}
