/**
 * Deleting kept files no document references any more: after a document or project is deleted,
 * after an import that stored files failed, and at start-up for files a crash left between the
 * store and the import's commit.
 */
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/Storage.ts';
import type { BlobStore } from './BlobStore.ts';

export interface KeptFilesDeps {
  storage: Pick<Storage, 'referencedBlobs'>;
  blobs: BlobStore;
}

/**
 * Deletes those of these kept files (SHA-256 digests) that no document references; resolves to
 * the digests deleted. A file another document still uses stays.
 */
export async function deleteUnreferenced(deps: KeptFilesDeps, sha256s: readonly string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  const referenced = await deps.storage.referencedBlobs(sha256s);
  const unused = [...new Set(sha256s)].filter((sha) => !referenced.has(sha));
  for (const sha of unused) await deps.blobs.delete(sha);
  return unused;
}

/**
 * Deletes kept files stored before `storedBefore` that no document references: what an import
 * left when its process died between storing a file and committing. Files stored since may belong
 * to an import still under way (on this or another instance), so they stay.
 */
export async function sweepUnreferenced(
  deps: KeptFilesDeps & { logger: Logger },
  storedBefore: Date,
): Promise<number> {
  const old = (await deps.blobs.list()).filter((b) => b.storedAt < storedBefore).map((b) => b.sha256);
  const deleted = await deleteUnreferenced(deps, old);
  if (deleted.length > 0) deps.logger.warn({ files: deleted.length }, 'removed kept files no document uses');
  return deleted.length;
}
