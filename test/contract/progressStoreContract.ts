/**
 * The `ProgressStore` part of the storage contract (each layer's progress per document, derived
 * data), registered inside `registerStorageContractTests` so every backend runs it.
 */
import { expect, it } from 'vitest';
import type { StoredLayerProgress } from '../../shared/progress/progress.ts';
import type { Storage } from '../../server/storage/Storage.ts';

const at = '2026-03-01T10:00:00.000Z';
const bytes = (...values: number[]) => new Uint8Array(values);

const row = (
  documentId: string,
  coder: string,
  over: Partial<StoredLayerProgress> = {},
): StoredLayerProgress => ({
  documentId,
  coder,
  codings: 2,
  covered: 10,
  length: 40,
  done: false,
  textSeq: 1,
  layerSeq: 1,
  ...over,
});

async function documents(s: Storage, projectId: string, ids: string[]): Promise<void> {
  await s.createProject({ id: projectId, name: projectId, description: '', createdAt: at });
  for (const id of ids) await s.createDocument({ id, projectId, title: id, attributes: {}, createdAt: at });
}

export function registerProgressStoreCases(storage: () => Storage): void {
  it('finds the text and layer rooms of a project’s documents only, with their log positions', async () => {
    const s = storage();
    await documents(s, 'p1', ['d1', 'd2']);
    await documents(s, 'p2', ['d10']);
    await s.appendUpdates('text:d1', [bytes(1), bytes(2)]);
    await s.appendUpdates('layer:d1:ana', [bytes(1)]);
    await s.appendUpdates('layer:d1:consensus', [bytes(1), bytes(2), bytes(3)]);
    await s.appendUpdates('layer:d1:ana~r1', [bytes(1)]);
    // Names that share a prefix with d1's rooms but are another document's.
    await s.appendUpdates('layer:d10:ana', [bytes(1)]);
    await s.appendUpdates('layer:d1x:ana', [bytes(1)]);
    await s.appendUpdates('text:d10', [bytes(1)]);
    await s.appendUpdates('text:d2', [bytes(1)]);
    const seqs = await s.progress.documentRoomSeqs('p1');
    expect(seqs.sort((a, b) => a.room.localeCompare(b.room))).toEqual([
      { documentId: 'd1', room: 'layer:d1:ana', seq: 1 },
      { documentId: 'd1', room: 'layer:d1:ana~r1', seq: 1 },
      { documentId: 'd1', room: 'layer:d1:consensus', seq: 3 },
      { documentId: 'd1', room: 'text:d1', seq: 2 },
      { documentId: 'd2', room: 'text:d2', seq: 1 },
    ]);
  });

  it('replaces a document’s rows, lists a project’s, and drops them with the document', async () => {
    const s = storage();
    await documents(s, 'p1', ['d1', 'd2']);
    await documents(s, 'p2', ['d3']);
    await s.progress.replaceProgress('d1', [row('d1', 'ana'), row('d1', 'ben', { done: true, layerSeq: 4 })]);
    await s.progress.replaceProgress('d2', [row('d2', 'ana')]);
    await s.progress.replaceProgress('d3', [row('d3', 'ana')]);
    await s.progress.replaceProgress('d1', [
      row('d1', 'ben', { codings: 3, covered: 12, done: true, layerSeq: 5 }),
    ]);
    const listed = await s.progress.listProgress('p1');
    expect(listed.sort((a, b) => a.documentId.localeCompare(b.documentId))).toEqual([
      row('d1', 'ben', { codings: 3, covered: 12, done: true, layerSeq: 5 }),
      row('d2', 'ana'),
    ]);
    expect(await s.deleteDocument('p1', 'd1')).toBe(true);
    expect(await s.progress.listProgress('p1')).toEqual([row('d2', 'ana')]);
    // A document that is gone keeps no rows, even when a derivation finishes after its deletion.
    await s.progress.replaceProgress('d1', [row('d1', 'ana')]);
    expect(await s.progress.listProgress('p1')).toEqual([row('d2', 'ana')]);
  });
}
