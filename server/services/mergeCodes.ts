/**
 * Merging two codes: every coding of the source code, in every layer of every document of the
 * project (the consensus included), is re-pointed to the target; the source's children move to
 * the source's parent; then the source leaves the codebook. Each room changes through the
 * persist-first path, so connected clients see the merge live.
 */
import { AppError } from '../../shared/errors.ts';
import { codesMap, readCodebook } from '../../shared/model/codebook.ts';
import { codingsMap } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import { StoredCodingSchema } from '../../shared/schemas.ts';
import type { ProjectService, ServiceDeps } from './ProjectService.ts';

export interface MergeResult {
  /** Codings re-pointed from the source to the target. */
  recoded: number;
  /** Layers (rooms) that held some of them. */
  layers: number;
}

export async function mergeCodes(
  deps: ServiceDeps & { projects: ProjectService },
  projectId: string,
  sourceId: string,
  targetId: string,
): Promise<MergeResult> {
  const { storage, registry, projects, now } = deps;
  if (sourceId === targetId) throw new AppError('badRequest', 'a code cannot be merged into itself');
  const codebook = await projects.codebook(projectId);
  const source = codebook.find((c) => c.id === sourceId);
  const target = codebook.find((c) => c.id === targetId);
  if (!source || !target) throw new AppError('notFound', 'both codes must be in the codebook');
  // Merging a code into one of its own descendants would orphan that subtree.
  for (let p = target.parentId; p !== null; p = codebook.find((c) => c.id === p)?.parentId ?? null) {
    if (p === sourceId) throw new AppError('badRequest', 'a code cannot be merged into one of its own codes');
  }

  const at = now().toISOString();
  let recoded = 0;
  let layers = 0;
  for (const document of await storage.listDocuments(projectId)) {
    for (const coder of await projects.layerCoders(document.id, { includeRecode: true })) {
      let here = 0;
      await registry.change(roomName.layer(document.id, coder), (doc) => {
        const map = codingsMap(doc);
        for (const [id, value] of map) {
          const parsed = StoredCodingSchema.safeParse(value);
          if (!parsed.success || parsed.data.codeId !== sourceId) continue;
          map.set(id, { ...parsed.data, codeId: targetId, updatedAt: at });
          here++;
        }
      });
      recoded += here;
      if (here > 0) layers++;
    }
  }
  await registry.change(roomName.codebook(projectId), (doc) => {
    const codes = codesMap(doc);
    for (const code of readCodebook(doc).codes) {
      if (code.parentId === sourceId) codes.get(code.id)?.set('parentId', source.parentId);
    }
    codes.delete(sourceId);
  });
  return { recoded, layers };
}
