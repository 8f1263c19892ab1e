/**
 * What the coding view needs to know of a document's original file: whether it is a PDF, and so
 * shown as pages, with a text no one edits (docs/sources.md).
 */
import type { Document } from '../../../shared/schemas.ts';
import type { DocumentSource } from '../../../shared/sources.ts';
import type { DocumentView } from './route.ts';

/** A document's kept file (`Document.source`), or null for typed text. */
export function documentSource(document: Document): DocumentSource | null {
  return document.source ?? null;
}

/** How a document is shown: a PDF as chosen (its pages unless the text was asked for), others as text. */
export function shownView(
  source: DocumentSource | null,
  chosen: DocumentView | null | undefined,
): DocumentView {
  return source?.kind === 'pdf' ? (chosen ?? 'page') : 'text';
}
