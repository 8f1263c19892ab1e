/**
 * Agreement on the live, merged state. Each document's partial result is cached under the log
 * sequence numbers of its text and layer rooms, so after one coding changes only that document
 * is analysed again. What a report needs of a document besides its partial (who completed it,
 * which codes it uses, orphaned codings) is cached under the same positions, and the positions of
 * every room of a project come from storage in one query: a report reads the rooms of the
 * documents that changed, not of every document. The pattern tables are kept as running sums per
 * query (`RunningTables`), so combining after one coding merges one document's tables.
 */
import {
  analyseDocument,
  combine,
  createAgreementContext,
  type AgreementContext,
  type AgreementInput,
  type AgreementReport,
  type DocumentPartial,
  RunningTables,
} from '../../shared/agreement/index.ts';
import { CONSENSUS, isRecodeLayer, parseRoomName } from '../../shared/protocol.ts';
import type { AgreementQuery, Code } from '../../shared/schemas.ts';
import { combineOffThread } from './combineOffThread.ts';
import { mapInSlices, timeSlicer, type Slicer } from '../timeSlice.ts';
import type { DocumentSnapshot, ProjectService, ServiceDeps } from './ProjectService.ts';

/** The report as the API serves it: the engine's report plus what state it describes. */
export interface ProjectAgreement {
  projectId: string;
  computedAt: string;
  /** Log sequence numbers of every room the report read: the exact state it describes. */
  state: Record<string, { text: number; layers: Record<string, number> }>;
  /** Codings left out because their anchors no longer point into the text. */
  orphanedCodings: number;
  /** Codings left out because their code is not in the codebook. */
  unknownCodeCodings: number;
  report: AgreementReport;
  /** The same figures with the consensus layer as one more coder; null without consensus. */
  againstConsensus: AgreementReport | null;
  /** Set when the caller may see aggregate figures only (a coder in a blind round). */
  aggregateOnly?: true;
}

/**
 * A round's part of the project: only its documents and its coders count. The round's coders are
 * its raters whether or not they have marked anything done yet; on each document a coder who has
 * not marked it done is still missing there (not "coded nothing"), as everywhere else.
 */
export interface AgreementScope {
  documents: readonly string[];
  coders: readonly string[];
  /**
   * Read exactly these layer keys (default: every coder's layer and the consensus). A recode
   * layer (`<coderId>~<roundId>`) is read only when named here, as intra-coder agreement does.
   */
  layers?: readonly string[];
}

/** Cached partials kept at most; the oldest go first (a project's documents × a few queries). */
const CACHE_LIMIT = 10_000;

/** Running table sums kept at most (one per project and query shape in use). */
const RUNNING_LIMIT = 32;

interface CachedPartial {
  key: string;
  partial: DocumentPartial;
}

/** Room positions: the text room's and each layer room's last log sequence number. */
interface Positions {
  text: number;
  layers: Record<string, number>;
}

/**
 * What a report needs of a document as read at `positions`; `full` holds the whole reading when
 * this report read the rooms (else the partial comes from the cache, or the rooms are read then).
 */
interface DocumentDigest {
  id: string;
  positions: Positions;
  completed: readonly string[];
  /** How many codings of each code the document holds (every layer read). */
  codeCounts: ReadonlyMap<string, number>;
  orphaned: number;
  full?: DocumentSnapshot;
}

function digestOf(state: DocumentSnapshot): DocumentDigest {
  const codeCounts = new Map<string, number>();
  for (const c of state.coded.codings) codeCounts.set(c.code, (codeCounts.get(c.code) ?? 0) + 1);
  return {
    id: state.id,
    positions: { text: state.textVersion, layers: state.layerVersions },
    completed: state.coded.completed,
    codeCounts,
    orphaned: state.coded.orphaned.length,
  };
}

/** A partial's cache key: the query's fingerprint and the positions of the rooms it reads. */
function partialKey(ctx: AgreementContext, positions: Positions): string {
  const versions = ctx.coders.map((c) => `${c}:${positions.layers[c] ?? 0}`).join(',');
  return `${ctx.fingerprint}|${positions.text}|${versions}`;
}

function samePositions(a: Positions, b: Positions): boolean {
  if (a.text !== b.text) return false;
  const keys = Object.keys(a.layers);
  if (keys.length !== Object.keys(b.layers).length) return false;
  return keys.every((k) => a.layers[k] === b.layers[k]);
}

export class AgreementService {
  private readonly cache = new Map<string, CachedPartial>();
  /** `documentId|layer selection` → the document's digest as last read. */
  private readonly digests = new Map<string, Omit<DocumentDigest, 'full'>>();
  /** `projectId|context fingerprint` → running table sums over that report's partials. */
  private readonly running = new Map<string, RunningTables>();
  /** documentId → projectId, for routing room changes to projects. */
  private readonly documentProjects = new Map<string, string>();

  constructor(private readonly deps: ServiceDeps & { projects: ProjectService }) {}

  /**
   * The codebook, every document as read now, and the raters: whoever marked at least one document
   * done (consensus aside). Codings count once their coder says a document is done (the rule of
   * `shared/interchange/raters.ts`), so someone who only tried coding — a supervisor in their own
   * layer, a coder who has not finished anything yet — is no rater: counted, they would be missing
   * everywhere, turn two coders' Cohen's κ into an undefined Fleiss' κ, and empty every figure
   * that needs all coders.
   */
  private async readProject(projectId: string, slice: Slicer, scope?: AgreementScope) {
    const { storage, projects } = this.deps;
    const codebook = await projects.codebook(projectId);
    const inScope = scope ? new Set(scope.documents) : null;
    const documents = (await storage.listDocuments(projectId)).filter((d) => inScope?.has(d.id) ?? true);
    for (const d of documents) this.documentProjects.set(d.id, projectId);
    const layers = scope?.layers ? [...scope.layers] : undefined;
    const positions = await this.positions(projectId, layers);
    const selection = layers?.join(',') ?? '*';
    // Only documents whose rooms moved since they were last read are read again, in slices:
    // reading a thousand transcripts' rooms in one go holds the event loop for seconds.
    const states = await mapInSlices(
      documents,
      async (d): Promise<DocumentDigest> => {
        const known = this.digests.get(`${d.id}|${selection}`);
        const now = positions.get(d.id) ?? { text: 0, layers: {} };
        if (known && samePositions(known.positions, now)) return known;
        const full = await projects.snapshotDocument(d.id, layers);
        const digest = digestOf(full);
        this.remember(this.digests, `${d.id}|${selection}`, digest);
        return { ...digest, full };
      },
      slice,
    );
    const coders = [...new Set(states.flatMap((s) => s.completed))].filter((c) => c !== CONSENSUS).sort();
    return { codebook, states, coders: scope ? [...scope.coders].sort() : coders };
  }

  /**
   * Every document's room positions from storage in one query: its text room, and its layer
   * rooms (`layers` when given, missing ones at 0; else every layer but recode layers).
   */
  private async positions(
    projectId: string,
    layers: readonly string[] | undefined,
  ): Promise<Map<string, Positions>> {
    const out = new Map<string, Positions>();
    const at = (documentId: string) => {
      let p = out.get(documentId);
      if (!p) {
        p = { text: 0, layers: layers ? Object.fromEntries(layers.map((l) => [l, 0])) : {} };
        out.set(documentId, p);
      }
      return p;
    };
    const wanted = layers ? new Set(layers) : null;
    for (const row of await this.deps.storage.progress.documentRoomSeqs(projectId)) {
      const room = parseRoomName(row.room);
      if (room?.kind === 'text') at(row.documentId).text = row.seq;
      else if (room?.kind === 'layer') {
        const key = room.coderId;
        if (wanted ? wanted.has(key) : !isRecodeLayer(key)) at(row.documentId).layers[key] = row.seq;
      }
    }
    return out;
  }

  /** Sets `key` in a bounded cache, dropping the oldest entry beyond the limit. */
  private remember<V>(cache: Map<string, V>, key: string, value: V, limit = CACHE_LIMIT): void {
    cache.delete(key);
    cache.set(key, value);
    if (cache.size > limit) cache.delete(cache.keys().next().value!);
  }

  /** Every document read in full now (for exports, which need every text and coding). */
  private async readAll(projectId: string, slice: Slicer) {
    const { storage, projects } = this.deps;
    const codebook = await projects.codebook(projectId);
    const documents = await storage.listDocuments(projectId);
    const states = await mapInSlices(documents, (d) => projects.snapshotDocument(d.id), slice);
    const coders = [...new Set(states.flatMap((s) => s.coded.completed))]
      .filter((c) => c !== CONSENSUS)
      .sort();
    return { codebook, states, coders };
  }

  /**
   * Computes the project's agreement report for a query; with a scope (a round), over its
   * documents and coders only.
   */
  async compute(projectId: string, query: AgreementQuery, scope?: AgreementScope): Promise<ProjectAgreement> {
    const slice = timeSlicer();
    const { codebook, states, coders: allCoders } = await this.readProject(projectId, slice, scope);
    const coders = query.coders ?? allCoders;
    const codes = selectCodes(codebook, states, query.codes);
    const codeIds = new Set(codes.map((c) => c.id));
    const options = {
      unit: query.unit,
      segments: query.segments,
      overlap: query.overlap,
      ...(query.ci > 0 ? { ci: { replicates: query.ci, seed: query.seed } } : {}),
    };
    const setup = { codes: codes.map((c) => ({ id: c.id, name: c.name, parent: c.parentId ?? undefined })) };
    const consensusSetup = { ...setup, coders: [...coders, CONSENSUS] };
    const ctx = createAgreementContext({ ...setup, coders }, options);
    const hasConsensus = states.some((s) => CONSENSUS in s.positions.layers);
    const consensusCtx = hasConsensus ? createAgreementContext(consensusSetup, options) : null;

    const layers = scope?.layers ? [...scope.layers] : undefined;
    const partials = await this.partials(ctx, states, codeIds, slice, layers);
    const consensusPartials = consensusCtx
      ? await this.partials(consensusCtx, states, codeIds, slice, layers)
      : null;
    // Bootstrap intervals resample the whole project a thousand times: seconds for a large study,
    // so they are combined in a worker thread; without them combining is quick, and a worker's
    // start (some 300 ms) would cost the live report more than it saves.
    const { report, againstConsensus } =
      query.ci > 0
        ? await combineOffThread(this.deps.offThread, {
            setup: { ...setup, coders },
            options,
            partials,
            consensus: consensusPartials ? { setup: consensusSetup, partials: consensusPartials } : null,
          })
        : {
            report: this.combineRunning(projectId, ctx, partials),
            againstConsensus:
              consensusCtx && consensusPartials
                ? this.combineRunning(projectId, consensusCtx, consensusPartials)
                : null,
          };
    const inCodebook = new Set(codebook.map((c) => c.id));
    let unknownCodeCodings = 0;
    for (const s of states)
      for (const [code, n] of s.codeCounts) if (!inCodebook.has(code)) unknownCodeCodings += n;
    return {
      projectId,
      computedAt: this.deps.now().toISOString(),
      state: Object.fromEntries(
        states.map((s) => [s.id, { text: s.positions.text, layers: s.positions.layers }]),
      ),
      orphanedCodings: states.reduce((n, s) => n + s.orphaned, 0),
      unknownCodeCodings,
      report,
      againstConsensus,
    };
  }

  /** The project's current codings as an agreement input file (`concord agreement` reads it). */
  async exportInput(projectId: string): Promise<AgreementInput> {
    const { codebook, states, coders } = await this.readAll(projectId, timeSlicer());
    const codes = selectCodes(
      codebook,
      states.map((s) => digestOf(s)),
      undefined,
    );
    const codeIds = new Set(codes.map((c) => c.id));
    const raters = new Set(coders);
    return {
      documents: states.map((s) => ({ id: s.id, text: s.coded.text })),
      coders,
      // Themes are not variables; a parent is named only when it is itself analysed.
      codes: codes.map((c) => ({
        id: c.id,
        name: c.name,
        ...(c.parentId !== null && codeIds.has(c.parentId) ? { parent: c.parentId } : {}),
      })),
      // Only the raters' codings: someone who has marked nothing done is no rater (see
      // readProject), and `concord agreement` refuses codings of a coder the file does not list.
      codings: states.flatMap((s) =>
        s.coded.codings
          .filter((c) => raters.has(c.coder) && codeIds.has(c.code))
          .map((c) => ({ document: s.id, coder: c.coder, code: c.code, start: c.start, end: c.end })),
      ),
      completed: Object.fromEntries(
        states.map((s) => [s.id, s.coded.completed.filter((c) => c !== CONSENSUS)]),
      ),
    };
  }

  /**
   * The project a room belongs to, when a change to it can move the project's agreement
   * (a text, a layer or the codebook); null otherwise.
   */
  async projectOfRoom(name: string): Promise<string | null> {
    const room = parseRoomName(name);
    if (!room) return null;
    if (room.kind === 'codebook') return room.projectId;
    // A memo says nothing about agreement.
    if (room.kind === 'memo') return null;
    const known = this.documentProjects.get(room.documentId);
    if (known) return known;
    const doc = await this.deps.storage.getDocument(room.documentId);
    if (doc) this.documentProjects.set(doc.id, doc.projectId);
    return doc?.projectId ?? null;
  }

  /**
   * The report from `partials` through the running sums kept for this project and query shape:
   * only documents whose partial changed since the last report are merged again.
   */
  private combineRunning(projectId: string, ctx: AgreementContext, partials: DocumentPartial[]) {
    const key = `${projectId}|${ctx.fingerprint}`;
    let running = this.running.get(key);
    if (!running) running = new RunningTables(ctx);
    running.sync(partials);
    this.remember(this.running, key, running, RUNNING_LIMIT);
    return running.exact ? combine(ctx, partials, running.tables()) : combine(ctx, partials);
  }

  /** Every document's partial, in the states' order, giving way between documents. */
  private async partials(
    ctx: AgreementContext,
    states: readonly DocumentDigest[],
    codeIds: Set<string>,
    slice: Slicer,
    layers: string[] | undefined,
  ): Promise<DocumentPartial[]> {
    const partials: DocumentPartial[] = [];
    for (const state of states) {
      partials.push(await this.partial(ctx, state, codeIds, layers));
      await slice();
    }
    return partials;
  }

  private async partial(
    ctx: AgreementContext,
    state: DocumentDigest,
    codeIds: Set<string>,
    layers: string[] | undefined,
  ): Promise<DocumentPartial> {
    const key = partialKey(ctx, state.positions);
    const cacheKey = `${ctx.fingerprint}|${state.id}`;
    const cached = this.cache.get(cacheKey);
    if (cached?.key === key) return cached.partial;
    // Not analysed for this query at these positions: the rooms are read now if this report
    // has not read them (the digest alone came from an earlier report).
    const full = state.full ?? (await this.deps.projects.snapshotDocument(state.id, layers));
    const fullKey = partialKey(ctx, { text: full.textVersion, layers: full.layerVersions });
    const coders = new Set(ctx.coders);
    const partial = analyseDocument(ctx, {
      id: full.id,
      text: full.coded.text,
      completed: full.coded.completed.filter((c) => coders.has(c)),
      codings: full.coded.codings.filter((c) => coders.has(c.coder) && codeIds.has(c.code)),
    });
    this.remember(this.cache, cacheKey, { key: fullKey, partial });
    return partial;
  }
}

/** Codes that can carry codings: every leaf, and any other code somebody applied. */
function selectCodes(
  codebook: readonly Code[],
  states: readonly Pick<DocumentDigest, 'codeCounts'>[],
  only: string[] | undefined,
): Code[] {
  const parents = new Set(codebook.map((c) => c.parentId).filter((p): p is string => p !== null));
  const used = new Set(states.flatMap((s) => [...s.codeCounts.keys()]));
  const codable = codebook.filter((c) => !parents.has(c.id) || used.has(c.id));
  return only ? codable.filter((c) => only.includes(c.id)) : codable;
}
