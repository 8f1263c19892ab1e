/**
 * Reads a transcript and its coding layers into plain data, positions in code points — the
 * boundary between the live Yjs state and everything that computes on it (agreement, exports).
 */
import type * as Y from 'yjs';
import { StoredCodingSchema, type OrphanedCoding, type OrphanReason, type StoredCoding } from '../schemas.ts';
import { AnchorResolver } from './anchors.ts';
import { CodePointIndex } from './codePoints.ts';
import { codingsMap, isCompleted } from './layer.ts';
import { contentText } from './text.ts';

export type { OrphanedCoding, OrphanReason } from '../schemas.ts';

/** One coding resolved to offsets: code points, half-open. */
export interface ResolvedCoding {
  id: string;
  coder: string;
  code: string;
  start: number;
  end: number;
  memo: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

/** A transcript with every coder's codings, as plain data. */
export interface CodedDocument {
  text: string;
  /** Length in code points. */
  length: number;
  codings: ResolvedCoding[];
  orphaned: OrphanedCoding[];
  /** Coders who marked the document completed. */
  completed: string[];
}

/** A coder's layer document, named by the coder id (or `consensus`). */
export interface Layer {
  coder: string;
  doc: Y.Doc;
}

/** Resolves every layer's codings against the text document. */
export function readCodedDocument(textDoc: Y.Doc, layers: readonly Layer[]): CodedDocument {
  const ytext = contentText(textDoc);
  const text = ytext.toString();
  const index = new CodePointIndex(text);
  const anchors = new AnchorResolver(ytext);
  const codings: ResolvedCoding[] = [];
  const orphaned: OrphanedCoding[] = [];
  const completed: string[] = [];

  for (const { coder, doc } of layers) {
    if (isCompleted(doc)) completed.push(coder);
    for (const [id, value] of codingsMap(doc)) {
      const placed = placeCoding(anchors, value);
      if (!placed.placed) {
        orphaned.push(orphanOf(id, coder, value, placed.reason));
        continue;
      }
      const c = placed.coding;
      codings.push({
        id,
        coder,
        code: c.codeId,
        start: index.toCodePoint(placed.start),
        end: index.toCodePoint(placed.end),
        memo: c.memo,
        author: c.author,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      });
    }
  }
  codings.sort((a, b) => a.start - b.start || a.end - b.end || a.coder.localeCompare(b.coder));
  return { text, length: index.length, codings, orphaned, completed };
}

/** Where a stored coding lies on the text: UTF-16 offsets, half-open; or why it cannot be placed. */
export type Placement =
  | { placed: true; coding: StoredCoding; start: number; end: number }
  | { placed: false; reason: OrphanReason };

/**
 * Places one stored coding (a raw value out of a layer's map) with the text's anchor resolver.
 * The coding view in the browser and every server reading use this, so they agree.
 */
export function placeCoding(anchors: AnchorResolver, value: unknown): Placement {
  const parsed = StoredCodingSchema.safeParse(value);
  if (!parsed.success) return { placed: false, reason: 'invalid' };
  const start = anchors.resolve(parsed.data.start);
  const end = anchors.resolve(parsed.data.end);
  if (start === null || end === null) return { placed: false, reason: 'anchor-missing' };
  if (end <= start) return { placed: false, reason: 'span-deleted' };
  return { placed: true, coding: parsed.data, start, end };
}

/** What is known of a coding that could not be placed, read leniently from its stored value. */
export function orphanOf(id: string, coder: string, value: unknown, reason: OrphanReason): OrphanedCoding {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : null);
  return {
    id,
    coder,
    code: text('codeId'),
    reason,
    memo: text('memo') ?? '',
    author: text('author'),
    quote: text('quote'),
    updatedAt: text('updatedAt'),
  };
}
