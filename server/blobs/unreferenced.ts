/**
 * Deleting kept files no document references any more (docs/sources.md, "Where the files are
 * kept"): after a document is deleted, after an import that stored files failed, and by a sweep
 * (at start and every few minutes) for what those deferred or a crash left behind.
 *
 * The rule: a kept file is deleted only when no document references it AND its content was last
 * written (`storedAt`) more than `graceMs` ago. An import stores its files before it commits the
 * documents that reference them, and a put of content already stored refreshes `storedAt`; so a
 * file another import (on this or another instance) has just uploaded is never taken from it
 * between its put and its commit, whatever fails or is deleted meanwhile. A file kept for long
 * goes at once with its last document; one written within the grace period waits for the sweep.
 */
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/Storage.ts';
import type { BlobStore } from './BlobStore.ts';

export interface KeptFilesDeps {
  storage: Pick<Storage, 'referencedBlobs'>;
  blobs: BlobStore;
  now: () => Date;
  /**
   * How long after its last write a file no document references is kept, in milliseconds: the
   * longest expected time between an import's put and its commit (`KEPT_FILE_GRACE_MS`).
   */
  keptFileGraceMs: number;
}

/**
 * Deletes those of these kept files (SHA-256 digests) that no document references and that were
 * last written more than `keptFileGraceMs` ago; resolves to the digests deleted. A file another
 * document uses stays; an unreferenced one written more recently stays for the sweep.
 */
export async function deleteUnreferenced(deps: KeptFilesDeps, sha256s: readonly string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  const referenced = await deps.storage.referencedBlobs(sha256s);
  const cutoff = deps.now().getTime() - deps.keptFileGraceMs;
  const deleted: string[] = [];
  for (const sha of new Set(sha256s)) {
    if (referenced.has(sha)) continue;
    // Read after the references: a put an import makes before committing is seen here as recent.
    const stored = await deps.blobs.stat(sha);
    if (!stored || stored.storedAt.getTime() > cutoff) continue;
    await deps.blobs.delete(sha);
    deleted.push(sha);
  }
  return deleted;
}

/**
 * Deletes every kept file no document references that was last written more than
 * `keptFileGraceMs` ago: what failed imports and deletions deferred, and what an import left
 * when its process died between storing a file and committing. Resolves to how many.
 */
export async function sweepUnreferenced(deps: KeptFilesDeps & { logger: Logger }): Promise<number> {
  const cutoff = deps.now().getTime() - deps.keptFileGraceMs;
  const old = (await deps.blobs.list()).filter((b) => b.storedAt.getTime() <= cutoff).map((b) => b.sha256);
  const deleted = await deleteUnreferenced(deps, old);
  if (deleted.length > 0) deps.logger.info({ files: deleted.length }, 'removed kept files no document uses');
  return deleted.length;
}
