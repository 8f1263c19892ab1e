/**
 * What the memos page shows and decides, as pure functions: labels, the words under a memo in the
 * list, and which memo "Memo" on a document or code opens.
 */
import type { MemoKind, MemoSummary } from '../../../shared/memos/schemas.ts';

export const MEMO_KIND_LABELS: Readonly<Record<MemoKind, string>> = {
  project: 'Project memo',
  document: 'Document memo',
  code: 'Code memo',
};

/** Names of what a memo links to, for the list: documents by title, codes by name. */
export function linkNames(
  memo: Pick<MemoSummary, 'links'>,
  names: { document: (id: string) => string | null; code: (id: string) => string | null },
): string[] {
  const documents = [...new Set([...memo.links.documents, ...memo.links.passages.map((p) => p.documentId)])];
  return [
    ...documents.map((id) => names.document(id) ?? 'a deleted document'),
    ...memo.links.codes.map((id) => names.code(id) ?? 'a deleted code'),
  ];
}

/**
 * The memo "Memo" on a document or code opens: the user's own memo of that kind about it (its
 * first link), else anyone's they may write (an open round), else none — then a new one is made.
 */
export function memoToOpen(
  memos: readonly MemoSummary[],
  about: { kind: 'document' | 'code'; id: string },
  userId: string,
  mayWrite: (memo: MemoSummary) => boolean,
): MemoSummary | null {
  const subject = (m: MemoSummary) => (about.kind === 'document' ? m.links.documents[0] : m.links.codes[0]);
  const candidates = memos.filter((m) => m.kind === about.kind && subject(m) === about.id);
  return candidates.find((m) => m.authorId === userId) ?? candidates.find(mayWrite) ?? null;
}
