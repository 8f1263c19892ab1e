/**
 * The plain data every analysis reads: a document's text and the codings of the layers read,
 * positions in Unicode code points, half-open (as `shared/model` resolves them), and which
 * documents a filter keeps. Pure.
 */
import type { ResolvedCoding } from '../model/codedDocument.ts';
import { attributeValue } from '../model/attributes.ts';
import type { Cue } from '../sources.ts';

/** One coding as analysis reads it; `coder` is the layer key (a coder's id, `consensus`, a recode key). */
export type AnalysisCoding = Pick<ResolvedCoding, 'id' | 'coder' | 'code' | 'start' | 'end' | 'memo'>;

/** A document with its text and codings, in the project's document order. */
export interface AnalysisDocument {
  id: string;
  title: string;
  /** Attribute values by name (site, participant, …). */
  attributes: Readonly<Record<string, string>>;
  text: string;
  /** The codings of every layer read, in any order. */
  codings: readonly AnalysisCoding[];
  /** The transcript's timeline, ordered by start (code points, ms); absent or empty: none. */
  cues?: readonly Cue[];
}

/**
 * An attribute filter: the document's attribute `name` equals `value` exactly. An empty value
 * keeps the documents without the attribute too: the matrix's "(no value)" column (key `""`) holds
 * both, and a click on it must open the same documents.
 */
export interface AttributeFilter {
  name: string;
  value: string;
}

/** Which documents an analysis covers: by id and by attribute values (every filter must hold). */
export interface DocumentFilter {
  /** Only these documents; absent: every document. */
  documents?: readonly string[];
  attributes?: readonly AttributeFilter[];
}

/** Whether a document passes the filter: one of the named ids (if any) and every attribute equal. */
export function documentMatches(
  doc: Pick<AnalysisDocument, 'id' | 'attributes'>,
  filter: DocumentFilter,
): boolean {
  if (filter.documents && !filter.documents.includes(doc.id)) return false;
  return (filter.attributes ?? []).every((a) => (attributeValue(doc.attributes, a.name) ?? '') === a.value);
}

/**
 * Parses `name:value` as the `attribute=` parameter carries it: the name is everything before the
 * first colon (attribute names with a colon cannot be filtered on), the value everything after it
 * (values may hold colons). Null without a colon or with an empty name.
 */
export function parseAttributeFilter(raw: string): AttributeFilter | null {
  const at = raw.indexOf(':');
  if (at <= 0) return null;
  return { name: raw.slice(0, at).trim(), value: raw.slice(at + 1) };
}
