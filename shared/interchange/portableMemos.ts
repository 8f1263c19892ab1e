/**
 * Memos as plain exchange data (REFI `Notes` that are not coding memos): what an import reads and
 * an export writes. Keys are the exchange file's identifiers, as in `portable.ts`.
 */
import { z } from 'zod';
import { MAX_MEMO_TITLE, MemoKindSchema } from '../memos/schemas.ts';

const Key = z.string().min(1).max(200);

/** Longest memo body an exchange file may carry, in UTF-16 code units. */
export const PORTABLE_MEMO_MAX = 1_000_000;

/** A project, document or code memo with its author, dates and links. */
export const PortableMemoSchema = z.object({
  key: Key,
  kind: MemoKindSchema,
  title: z.string().min(1).max(MAX_MEMO_TITLE),
  text: z.string().max(PORTABLE_MEMO_MAX),
  /** The coder key of its author; null when the file names none (the importer becomes the author). */
  author: Key.nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** Documents it is about or linked to, by document key (a document memo's own first). */
  documents: z.array(Key),
  /** Codes it is about or linked to, by code key (a code memo's own first). */
  codes: z.array(Key),
});
export type PortableMemo = z.infer<typeof PortableMemoSchema>;

/** Cross-references of memos: their authors, documents and codes must be in the project. */
export function checkMemoReferences(
  project: {
    coders: { key: string }[];
    codes: { key: string }[];
    documents: { key: string }[];
    memos?: PortableMemo[] | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const coders = new Set(project.coders.map((c) => c.key));
  const codes = new Set(project.codes.map((c) => c.key));
  const documents = new Set(project.documents.map((d) => d.key));
  const seen = new Set<string>();
  (project.memos ?? []).forEach((memo, i) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path: ['memos', i, ...path], message });
    if (seen.has(memo.key)) issue(['key'], `duplicate key '${memo.key}'`);
    seen.add(memo.key);
    if (memo.author !== null && !coders.has(memo.author)) issue(['author'], `unknown coder '${memo.author}'`);
    memo.documents.forEach((d, j) => {
      if (!documents.has(d)) issue(['documents', j], `unknown document '${d}'`);
    });
    memo.codes.forEach((c, j) => {
      if (!codes.has(c)) issue(['codes', j], `unknown code '${c}'`);
    });
    if (memo.kind === 'document' && memo.documents.length === 0)
      issue(['documents'], 'a document memo names its document');
    if (memo.kind === 'code' && memo.codes.length === 0) issue(['codes'], 'a code memo names its code');
  });
}
