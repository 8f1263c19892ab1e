/**
 * The documents table's rows: sorting by title, date added or one coder's progress, filtering by
 * text and by one attribute, the attribute columns, and how a coder's progress reads. Pure.
 */
import { attributeValue } from '../../../shared/model/attributes.ts';
import type { Document } from '../../../shared/schemas.ts';
import type { CoderProgress } from './progress.ts';

export type DocumentSortKey = 'title' | 'added' | 'progress';

export interface DocumentSort {
  key: DocumentSortKey;
  /** true: A→Z, oldest first, least coded first. */
  ascending: boolean;
  /** Whose progress `progress` sorts by. */
  coder: string | null;
}

export interface DocumentFilter {
  /** Words every one of which must appear in the title or an attribute value (any case). */
  text: string;
  /**
   * An attribute name and the value it must have (`value` null: any value, so the documents that
   * have the attribute at all); the whole filter null: no attribute filter.
   */
  attribute: { name: string; value: string | null } | null;
}

/** Progress per document id, per coder. */
export type ProgressByDocument = ReadonlyMap<string, readonly CoderProgress[]>;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The documents that pass the filter, in their order. */
export function filterDocuments(documents: readonly Document[], filter: DocumentFilter): Document[] {
  const words = filter.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const { attribute } = filter;
  return documents.filter((d) => {
    if (attribute) {
      const value = attributeValue(d.attributes, attribute.name);
      if (value === undefined || (attribute.value !== null && value !== attribute.value)) return false;
    }
    if (words.length === 0) return true;
    const haystack = [d.title, ...Object.values(d.attributes)].join('\n').toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/**
 * The documents sorted (a stable sort: ties keep the project's order). Documents whose progress
 * is not known yet sort after those whose is, either way.
 */
export function sortDocuments(
  documents: readonly Document[],
  sort: DocumentSort,
  progress: ProgressByDocument,
): Document[] {
  const sign = sort.ascending ? 1 : -1;
  const coverage = (d: Document): number | null =>
    progress.get(d.id)?.find((p) => p.coder === sort.coder)?.coverage ?? null;
  return [...documents].sort((a, b) => {
    if (sort.key === 'title') return sign * collator.compare(a.title, b.title) || a.order - b.order;
    if (sort.key === 'added') return sign * (a.createdAt.localeCompare(b.createdAt) || a.order - b.order);
    const ca = coverage(a);
    const cb = coverage(b);
    if (ca === null || cb === null) return ca === cb ? a.order - b.order : ca === null ? 1 : -1;
    return sign * (ca - cb) || a.order - b.order;
  });
}

/** Every attribute name the documents use, in alphabetical order. */
export function attributeNames(documents: readonly Document[]): string[] {
  return [...new Set(documents.flatMap((d) => Object.keys(d.attributes)))].sort(collator.compare);
}

/** The distinct values one attribute takes, in alphabetical order. */
export function attributeValues(documents: readonly Document[], name: string): string[] {
  const values = documents.flatMap((d) => (Object.hasOwn(d.attributes, name) ? [d.attributes[name]!] : []));
  return [...new Set(values)].sort(collator.compare);
}

/**
 * Attributes after one cell was edited: an emptied value removes the attribute, so clearing a
 * cell is how an attribute is taken off a document.
 */
export function withAttribute(
  attributes: Readonly<Record<string, string>>,
  name: string,
  value: string,
): Record<string, string> {
  const next = { ...attributes };
  if (value.trim() === '') delete next[name];
  else next[name] = value;
  return next;
}

/** A coder's progress in words: "42% coded · 7 codings · done". */
export function progressLabel(p: CoderProgress): string {
  const parts = [
    `${Math.round(p.coverage * 100)}% coded`,
    `${p.codings} ${p.codings === 1 ? 'coding' : 'codings'}`,
  ];
  if (p.done) parts.push('done');
  return parts.join(' · ');
}

/**
 * A coder's progress in the few characters a table cell can spare: `37% · 2`, with `✓` when they
 * marked the document done. The full words ({@link progressLabel}) go to the cell's accessible
 * label and tooltip.
 */
export function compactProgress(p: CoderProgress): string {
  return `${Math.round(p.coverage * 100)}% · ${p.codings}${p.done ? ' ✓' : ''}`;
}

/**
 * When a document was added, as the table shows it: the date and the time to the minute (the
 * documents of one import share a day, so the day alone cannot tell them apart), in `locale`.
 */
export function formatAdded(iso: string, locale?: string): string {
  return addedFormatter(locale)(iso);
}

/**
 * {@link formatAdded} with one formatter for many dates: `toLocaleString` builds a formatter per
 * call, which a table of 1,000 documents pays on every render.
 */
export function addedFormatter(locale?: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : format.format(date);
  };
}
