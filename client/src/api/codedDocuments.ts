/** Reads the codings of many documents through the REST API, a few at a time. */
import type { Document } from '../../../shared/schemas.ts';
import type { ApiClient } from './ApiClient.ts';
import { CodedDocumentSchema, type CodedDocumentView } from './schemas.ts';

/** Documents read at once; the rest wait their turn. */
const PARALLEL_READS = 4;

export async function readCodedDocuments(
  api: ApiClient,
  projectId: string,
  documents: readonly Document[],
  onDocument?: (document: Document, coded: CodedDocumentView) => void,
): Promise<Map<string, CodedDocumentView>> {
  const out = new Map<string, CodedDocumentView>();
  const queue = [...documents];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const coded = await api.get(
        `/api/projects/${projectId}/documents/${d.id}/codings`,
        CodedDocumentSchema,
      );
      out.set(d.id, coded);
      onDocument?.(d, coded);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  return out;
}
