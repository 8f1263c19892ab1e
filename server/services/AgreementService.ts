/**
 * Agreement on the live, merged state. Each document's partial result is cached under the log
 * sequence numbers of its text and layer rooms, so after one coding changes only that document
 * is analysed again; combining the partials is cheap.
 */
import {
  analyseDocument,
  combine,
  createAgreementContext,
  type AgreementContext,
  type AgreementInput,
  type AgreementReport,
  type DocumentPartial,
} from '../../shared/agreement/index.ts';
import { CONSENSUS, parseRoomName } from '../../shared/protocol.ts';
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

interface CachedPartial {
  key: string;
  partial: DocumentPartial;
}

export class AgreementService {
  private readonly cache = new Map<string, CachedPartial>();
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
    // In slices: reading a thousand transcripts' rooms in one go holds the event loop for seconds.
    const states = await mapInSlices(documents, (d) => projects.snapshotDocument(d.id, layers), slice);
    const coders = [...new Set(states.flatMap((s) => s.coded.completed))]
      .filter((c) => c !== CONSENSUS)
      .sort();
    return { codebook, states, coders: scope ? [...scope.coders].sort() : coders };
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
    const hasConsensus = states.some((s) => CONSENSUS in s.layerVersions);
    const consensusCtx = hasConsensus ? createAgreementContext(consensusSetup, options) : null;

    const partials = await this.partials(ctx, states, codeIds, slice);
    const consensusPartials = consensusCtx ? await this.partials(consensusCtx, states, codeIds, slice) : null;
    // Bootstrap intervals resample the whole project a thousand times: seconds for a large study,
    // so they are combined in a worker thread; without them combining is quick, and a worker's
    // start (some 300 ms) would cost the live report more than it saves.
    const { report, againstConsensus } =
      query.ci > 0
        ? await combineOffThread({
            setup: { ...setup, coders },
            options,
            partials,
            consensus: consensusPartials ? { setup: consensusSetup, partials: consensusPartials } : null,
          })
        : {
            report: combine(ctx, partials),
            againstConsensus:
              consensusCtx && consensusPartials ? combine(consensusCtx, consensusPartials) : null,
          };
    const inCodebook = new Set(codebook.map((c) => c.id));
    const unknownCodeCodings = states.reduce(
      (n, s) => n + s.coded.codings.filter((c) => !inCodebook.has(c.code)).length,
      0,
    );
    return {
      projectId,
      computedAt: this.deps.now().toISOString(),
      state: Object.fromEntries(states.map((s) => [s.id, { text: s.textVersion, layers: s.layerVersions }])),
      orphanedCodings: states.reduce((n, s) => n + s.coded.orphaned.length, 0),
      unknownCodeCodings,
      report,
      againstConsensus,
    };
  }

  /** The project's current codings as an agreement input file (`concord agreement` reads it). */
  async exportInput(projectId: string): Promise<AgreementInput> {
    const { codebook, states, coders } = await this.readProject(projectId, timeSlicer());
    const codes = selectCodes(codebook, states, undefined);
    const codeIds = new Set(codes.map((c) => c.id));
    return {
      documents: states.map((s) => ({ id: s.id, text: s.coded.text })),
      coders,
      // Themes are not variables; a parent is named only when it is itself analysed.
      codes: codes.map((c) => ({
        id: c.id,
        name: c.name,
        ...(c.parentId !== null && codeIds.has(c.parentId) ? { parent: c.parentId } : {}),
      })),
      codings: states.flatMap((s) =>
        s.coded.codings
          .filter((c) => c.coder !== CONSENSUS && codeIds.has(c.code))
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

  /** Every document's partial, in the states' order, giving way between documents. */
  private async partials(
    ctx: AgreementContext,
    states: readonly DocumentSnapshot[],
    codeIds: Set<string>,
    slice: Slicer,
  ): Promise<DocumentPartial[]> {
    const partials: DocumentPartial[] = [];
    for (const state of states) {
      partials.push(this.partial(ctx, state, codeIds));
      await slice();
    }
    return partials;
  }

  private partial(ctx: AgreementContext, state: DocumentSnapshot, codeIds: Set<string>): DocumentPartial {
    const versions = ctx.coders.map((c) => `${c}:${state.layerVersions[c] ?? 0}`).join(',');
    const key = `${ctx.fingerprint}|${state.textVersion}|${versions}`;
    const cacheKey = `${ctx.fingerprint}|${state.id}`;
    const cached = this.cache.get(cacheKey);
    if (cached?.key === key) return cached.partial;
    const coders = new Set(ctx.coders);
    const partial = analyseDocument(ctx, {
      id: state.id,
      text: state.coded.text,
      completed: state.coded.completed.filter((c) => coders.has(c)),
      codings: state.coded.codings.filter((c) => coders.has(c.coder) && codeIds.has(c.code)),
    });
    this.cache.delete(cacheKey);
    this.cache.set(cacheKey, { key, partial });
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return partial;
  }
}

/** Codes that can carry codings: every leaf, and any other code somebody applied. */
function selectCodes(
  codebook: readonly Code[],
  states: readonly DocumentSnapshot[],
  only: string[] | undefined,
): Code[] {
  const parents = new Set(codebook.map((c) => c.parentId).filter((p): p is string => p !== null));
  const used = new Set(states.flatMap((s) => s.coded.codings.map((c) => c.code)));
  const codable = codebook.filter((c) => !parents.has(c.id) || used.has(c.id));
  return only ? codable.filter((c) => only.includes(c.id)) : codable;
}
