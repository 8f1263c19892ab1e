/**
 * Reads a transcript and its coding layers into plain data, positions in code points — the
 * boundary between the live Yjs state and everything that computes on it (agreement, exports).
 */
import type * as Y from 'yjs';
import { StoredCodingSchema } from '../schemas.ts';
import { AnchorResolver } from './anchors.ts';
import { CodePointIndex } from './codePoints.ts';
import { codingsMap, isCompleted } from './layer.ts';
import { contentText } from './text.ts';

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

/** Why a coding could not be placed on the text. */
export type OrphanReason =
  /** Every character it covered was deleted from the transcript. */
  | 'span-deleted'
  /** Its anchors point at text this document does not hold (another text, or not yet synced). */
  | 'anchor-missing'
  /** The stored value does not match the coding schema. */
  | 'invalid';

export interface OrphanedCoding {
  id: string;
  coder: string;
  code: string | null;
  reason: OrphanReason;
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
      const parsed = StoredCodingSchema.safeParse(value);
      if (!parsed.success) {
        const code = (value as { codeId?: unknown } | null)?.codeId;
        orphaned.push({ id, coder, code: typeof code === 'string' ? code : null, reason: 'invalid' });
        continue;
      }
      const c = parsed.data;
      const start = anchors.resolve(c.start);
      const end = anchors.resolve(c.end);
      if (start === null || end === null) {
        orphaned.push({ id, coder, code: c.codeId, reason: 'anchor-missing' });
        continue;
      }
      if (end <= start) {
        orphaned.push({ id, coder, code: c.codeId, reason: 'span-deleted' });
        continue;
      }
      codings.push({
        id,
        coder,
        code: c.codeId,
        start: index.toCodePoint(start),
        end: index.toCodePoint(end),
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
