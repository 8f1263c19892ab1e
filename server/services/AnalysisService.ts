/**
 * Analysis on the live, merged state: coded retrieval, code co-occurrence and matrix coding
 * (the pure functions of `shared/analysis/`) over the documents as `ProjectService` reads them.
 *
 * Each document's read (text and every layer's codings) is cached under the log sequence numbers
 * of its text and layer rooms, which are known without reading the rooms (the loaded room's
 * version, else one query for the stored ones). After one coding changes, a live recompute reads
 * only that document again.
 */
import {
  codeMatrix,
  cooccurrence,
  documentMatches,
  parseAttributeFilter,
  retrieveSegments,
  selectCodes,
  type AnalysisDocument,
  type AttributeFilter,
  type Cooccurrence,
  type CooccurrenceQuery,
  type Matrix,
  type MatrixQuery,
  type Segment,
  type SegmentsQuery,
  type SegmentsResult,
} from '../../shared/analysis/index.ts';
import { AppError } from '../../shared/errors.ts';
import { parseRoomName, roomName } from '../../shared/protocol.ts';
import type { Code, Document, Project } from '../../shared/schemas.ts';
import type { ProjectService, ServiceDeps } from './ProjectService.ts';
import { mapInSlices, timeSlicer } from '../timeSlice.ts';

/** Every layer room's name starts so (`layer:<documentId>:<layerKey>`). */
const LAYER_PREFIX = 'layer:';

/** Documents' reads kept at most; the oldest go first. */
const CACHE_LIMIT = 10_000;

/** A document's text and codings as read from its rooms, positions in code points. */
type DocumentRead = Pick<AnalysisDocument, 'text' | 'codings' | 'cues'>;

/** Which documents and codes a query names (the filters every route shares). */
interface SharedFilters {
  code?: string[] | undefined;
  children: boolean;
  document?: string[] | undefined;
  attribute?: string[] | undefined;
}

/** What an analysis read: the project, its codebook, the chosen codes and documents. */
export interface AnalysisInput {
  project: Project;
  codebook: Code[];
  /** Selected code ids in codebook order. */
  codes: string[];
  documents: AnalysisDocument[];
}

export class AnalysisService {
  private readonly cache = new Map<string, { key: string; read: DocumentRead }>();

  constructor(
    private readonly deps: ServiceDeps & {
      projects: ProjectService;
      /** The project whose analysis a change to this room can move, or null (shared with agreement). */
      projectOfRoom: (room: string) => Promise<string | null>;
    },
  ) {}

  /**
   * Coded retrieval (see `retrieveSegments` for the order). `layers` says which layer keys are
   * read (from `AccessService.requireLayers`). Throws `validation` naming unknown codes or documents.
   */
  async segments(
    projectId: string,
    query: SegmentsQuery,
    layers: (layerKey: string) => boolean,
  ): Promise<SegmentsResult & { input: AnalysisInput }> {
    const input = await this.read(projectId, query);
    const all: Segment[] = retrieveSegments(input.documents, { codes: new Set(input.codes), layer: layers });
    const end = query.limit === undefined ? undefined : query.offset + query.limit;
    return { segments: all.slice(query.offset, end), total: all.length, input };
  }

  /** Co-occurrence of the selected codes (default every code) in one layer. */
  async cooccurrence(projectId: string, query: CooccurrenceQuery, layer: string): Promise<Cooccurrence> {
    const input = await this.read(projectId, query);
    return cooccurrence(input.documents, input.codes, layer);
  }

  /** The code × document (or attribute value) matrix of one layer. */
  async matrix(
    projectId: string,
    query: MatrixQuery,
    layer: string,
  ): Promise<Matrix & { input: AnalysisInput }> {
    const input = await this.read(projectId, query);
    const columns =
      query.columns === 'documents'
        ? ({ kind: 'documents' } as const)
        : ({ kind: 'attribute', name: query.columns.slice('attribute:'.length) } as const);
    return { ...codeMatrix(input.documents, input.codes, layer, columns), input };
  }

  /** Whether a change to the room can move the project's analysis (its texts, layers, codebook). */
  async concerns(room: string, projectId: string): Promise<boolean> {
    return (await this.deps.projectOfRoom(room)) === projectId;
  }

  /** The project, codebook, selected codes and filtered documents (read through the cache). */
  async read(projectId: string, filters: SharedFilters): Promise<AnalysisInput> {
    const { storage, projects } = this.deps;
    const project = await projects.requireProject(projectId);
    const codebook = await projects.codebook(projectId);
    const selection = selectCodes(codebook, filters.code, filters.children);
    if (!selection.ok) {
      throw new AppError(
        'validation',
        `unknown code${selection.unknown.length === 1 ? '' : 's'}: ${selection.unknown.join(', ')}`,
        selection.unknown.map((id) => ({ path: ['code'], message: `no code '${id}' in this project` })),
      );
    }
    const rows = await storage.listDocuments(projectId);
    const known = new Set(rows.map((d) => d.id));
    const missing = (filters.document ?? []).filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new AppError(
        'validation',
        `unknown document${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`,
        missing.map((id) => ({ path: ['document'], message: `no document '${id}' in this project` })),
      );
    }
    const attributes = (filters.attribute ?? [])
      .map(parseAttributeFilter)
      .filter((a): a is AttributeFilter => a !== null);
    const chosen = rows.filter((d) =>
      documentMatches(d, { ...(filters.document ? { documents: filters.document } : {}), attributes }),
    );
    const reads = await this.readDocuments(chosen);
    const documents = chosen.map((d, i) => ({
      id: d.id,
      title: d.title,
      attributes: d.attributes,
      ...reads[i]!,
    }));
    return { project, codebook, codes: selection.codes, documents };
  }

  /**
   * The documents' texts and every layer's codings (recode layers too), each from the cache while
   * its rooms' log positions are unchanged. The layer rooms are listed in one scan and the stored
   * positions looked up in one query for all documents: per document, both would grow with the
   * number of documents times the number of rooms.
   */
  private async readDocuments(docs: readonly Document[]): Promise<DocumentRead[]> {
    const { storage, projects, registry } = this.deps;
    const wanted = new Set(docs.map((d) => d.id));
    const layersOf = new Map<string, string[]>();
    for (const name of await storage.listRooms(LAYER_PREFIX)) {
      const room = parseRoomName(name);
      if (room?.kind !== 'layer' || !wanted.has(room.documentId)) continue;
      layersOf.set(room.documentId, [...(layersOf.get(room.documentId) ?? []), room.coderId]);
    }
    const plans = docs.map((d) => {
      const layerKeys = (layersOf.get(d.id) ?? []).sort();
      const rooms = [roomName.text(d.id), ...layerKeys.map((k) => roomName.layer(d.id, k))];
      return { id: d.id, layerKeys, rooms, loaded: rooms.map((r) => registry.peek(r)?.version) };
    });
    const unloaded = plans.flatMap((p) => p.rooms.filter((_, i) => p.loaded[i] === undefined));
    const stored = unloaded.length > 0 ? await storage.lastSeqs(unloaded) : new Map<string, number>();
    // In slices: a thousand transcripts read in one go would hold the event loop for seconds.
    return mapInSlices(
      plans,
      async ({ id, layerKeys, rooms, loaded }) => {
        const key = cacheKey(
          layerKeys,
          rooms.map((r, i) => loaded[i] ?? stored.get(r) ?? 0),
        );
        const cached = this.cache.get(id);
        if (cached?.key === key) return cached.read;
        const snapshot = await projects.snapshotDocument(id, layerKeys);
        const read: DocumentRead = {
          text: snapshot.coded.text,
          codings: snapshot.coded.codings.map(({ id: codingId, coder, code, start, end, memo }) => ({
            id: codingId,
            coder,
            code,
            start,
            end,
            memo,
          })),
          cues: snapshot.cues,
        };
        // Keyed by what was actually read: a change landing between the two looks is read next time.
        const readKey = cacheKey(layerKeys, [
          snapshot.textVersion,
          ...layerKeys.map((k) => snapshot.layerVersions[k] ?? 0),
        ]);
        this.cache.delete(id);
        this.cache.set(id, { key: readKey, read });
        if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
        return read;
      },
      timeSlicer(),
    );
  }
}

/** The layers read and the log positions of the text room and each layer room, in that order. */
function cacheKey(layerKeys: readonly string[], versions: readonly number[]): string {
  return `${layerKeys.join(',')}|${versions.join(',')}`;
}
