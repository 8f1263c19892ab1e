/**
 * Reliability rounds: starting one (listed or sampled documents, chosen coders, the codebook
 * version recorded), its agreement over its documents and coders (live while open), and closing
 * it, which freezes that report with the log positions it was computed on. Starting and closing
 * change the project's blind setting, so every open channel is re-checked.
 */
import { seesAllLayers } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import { recodeLayerKey } from '../../shared/protocol.ts';
import { sampleDocuments } from '../../shared/rounds/sample.ts';
import type { CreateRoundBody, DrawnSample, PriorCoding, Round } from '../../shared/rounds/schemas.ts';
import type { Adjudications, MethodsInput } from '../../shared/rounds/methods.ts';
import { trajectory, type Trajectory, type VersionDiff } from '../../shared/rounds/trajectory.ts';
import { versionReasonText } from '../../shared/rounds/versionNotes.ts';
import type { AgreementQuery, User } from '../../shared/schemas.ts';
import type { AccessService } from './AccessService.ts';
import type { AgreementService, ProjectAgreement } from './AgreementService.ts';
import { audit } from './audit.ts';
import { codersWhoCoded } from './priorCoding.ts';
import type { CodebookVersions } from './CodebookVersions.ts';
import type { ServiceDeps } from './ProjectService.ts';

/**
 * One coder's agreement with themselves in a recode round: their layer against their recode
 * layer over the round's documents (the two "raters" are the two layer keys), with the log
 * positions it read.
 */
export interface IntraCoderAgreement {
  recodeLayer: string;
  state: ProjectAgreement['state'];
  report: ProjectAgreement['report'];
}

/**
 * The report a round serves: the agreement report and the query it answers; in a recode round
 * also `intraCoder`, per coder id.
 */
export type RoundAgreement = ProjectAgreement & {
  query: AgreementQuery;
  intraCoder?: Record<string, IntraCoderAgreement>;
};

export interface RoundServiceDeps extends ServiceDeps {
  agreement: AgreementService;
  versions: CodebookVersions;
  access: Pick<AccessService, 'enforce'>;
}

export class RoundService {
  constructor(private readonly deps: RoundServiceDeps) {}

  /**
   * Starts a round. Throws `validation` for coders who are not members able to code (viewers
   * cannot), documents not in the project, or a sample that draws nothing; `conflict` while
   * another round is open.
   */
  async start(projectId: string, body: CreateRoundBody, actor: User): Promise<Round> {
    const { storage, now, newId, versions, access } = this.deps;
    const coders = [...new Set(body.coders)];
    const members = new Map((await storage.listMembers(projectId)).map((m) => [m.userId, m.role]));
    const notCoders = coders.filter((c) => {
      const role = members.get(c);
      return role === undefined || role === 'viewer';
    });
    if (notCoders.length > 0)
      throw new AppError('validation', `not members who can code in this project: ${notCoders.join(', ')}`);
    if (body.blind) {
      // A blind round's raters must be blind: owners, reviewers and administrators see every
      // layer by their role (shared/access.ts), so a round naming them as coders could not be
      // reported as blind. They code in an open round, or take the coder role for this one.
      const seeing: string[] = [];
      for (const c of coders) {
        const user = await storage.getUser(c);
        const subject = { userId: c, role: members.get(c) ?? null, isAdmin: user?.isAdmin ?? false };
        if (seesAllLayers(subject, { blind: true, codersEditText: false })) seeing.push(user?.name ?? c);
      }
      if (seeing.length > 0) {
        const message = `${seeing.join(', ')} ${seeing.length === 1 ? 'sees' : 'see'} every coder's work by role (owner, reviewer or administrator), so cannot code blind: make them coders for this round, or start an open round`;
        throw new AppError('validation', message, [{ path: ['coders'], message, code: 'custom' }]);
      }
    }

    const documents = await storage.listDocuments(projectId);
    let chosen: string[];
    let sample: DrawnSample | null = null;
    if (body.documents) {
      const known = new Set(documents.map((d) => d.id));
      chosen = [...new Set(body.documents)];
      const unknown = chosen.filter((d) => !known.has(d));
      if (unknown.length > 0)
        throw new AppError('validation', `documents not in this project: ${unknown.join(', ')}`);
    } else {
      const spec = body.sample!;
      const exclude = new Set<string>();
      if (!spec.includeSampled)
        for (const r of await storage.listRounds(projectId)) for (const d of r.documents) exclude.add(d);
      // Coding made in the open is not blind coding: a sample leaves out what the round's coders
      // have already coded, unless asked. Recode rounds exist to code coded documents again.
      if (!spec.includeCoded && !body.recode)
        for (const d of documents)
          if (!exclude.has(d.id) && (await codersWhoCoded(this.deps, d.id, coders)).length > 0)
            exclude.add(d.id);
      const size = spec.count !== undefined ? { count: spec.count } : { fraction: spec.fraction! };
      const drawn = sampleDocuments(documents, {
        ...size,
        seed: spec.seed,
        stratifyBy: spec.stratifyBy,
        exclude,
      });
      chosen = drawn.documents;
      sample = {
        ...size,
        seed: spec.seed,
        ...(spec.stratifyBy !== undefined ? { stratifyBy: spec.stratifyBy } : {}),
        includeSampled: spec.includeSampled,
        includeCoded: spec.includeCoded,
        eligible: drawn.eligible,
        strata: drawn.strata,
      };
    }
    if (chosen.length === 0)
      throw new AppError(
        'validation',
        'the round has no documents: every document was sampled in an earlier round or already coded by its coders',
      );
    // Recorded so the report and methods text never claim blindness for coding made before.
    const codedBefore: string[] = [];
    if (!body.recode)
      for (const d of [...chosen].sort())
        if ((await codersWhoCoded(this.deps, d, coders)).length > 0) codedBefore.push(d);

    const id = newId();
    const codebook = await versions.draft(
      projectId,
      'round-start',
      versionReasonText('round-start', body.name),
      actor.id,
    );
    const round = await storage.startRound(
      {
        id,
        projectId,
        name: body.name,
        blind: body.blind,
        recode: body.recode,
        coders,
        documents: chosen,
        sample,
        codedBefore,
        startedAt: now().toISOString(),
        startedBy: actor.id,
      },
      codebook,
    );
    if (!round)
      throw new AppError('conflict', 'a round is open in this project: close it before starting another');
    await audit(this.deps, {
      projectId,
      actorId: actor.id,
      action: 'round.start',
      details: { roundId: id, blind: body.blind, coders, documents: chosen.length, sample, codedBefore },
    });
    await access.enforce(projectId);
    return round;
  }

  /** Every document of the project some coder has coded or marked done, with those coders. */
  async priorCoding(projectId: string): Promise<PriorCoding> {
    const out: PriorCoding['documents'] = [];
    for (const d of await this.deps.storage.listDocuments(projectId)) {
      const coders = await codersWhoCoded(this.deps, d.id);
      if (coders.length > 0) out.push({ documentId: d.id, coders });
    }
    return { documents: out.sort((a, b) => (a.documentId < b.documentId ? -1 : 1)) };
  }

  /** A round of the project; 404 when there is none with that id. */
  async get(projectId: string, roundId: string): Promise<Round> {
    const round = await this.deps.storage.getRound(roundId);
    if (!round || round.projectId !== projectId)
      throw new AppError('notFound', `round '${roundId}' does not exist in this project`);
    return round;
  }

  /**
   * The round's report: computed now over its documents and coders while it is open, the frozen
   * one (exactly as stored) once it is closed.
   */
  async agreement(round: Round, query: AgreementQuery): Promise<RoundAgreement> {
    if (round.status === 'closed')
      return (await this.deps.storage.frozenAgreement(round.id)) as RoundAgreement;
    const scoped = { ...query, coders: undefined };
    const report = await this.deps.agreement.compute(round.projectId, scoped, {
      documents: round.documents,
      coders: round.coders,
    });
    if (!round.recode) return { ...report, query: scoped };
    // Each coder's earlier coding against their recoding: a coder who has not marked a document
    // done in either layer is missing there, as everywhere else.
    const intraCoder: Record<string, IntraCoderAgreement> = {};
    for (const coder of round.coders) {
      const recodeLayer = recodeLayerKey(coder, round.id);
      const layers = [coder, recodeLayer];
      const own = await this.deps.agreement.compute(round.projectId, scoped, {
        documents: round.documents,
        coders: layers,
        layers,
      });
      intraCoder[coder] = { recodeLayer, state: own.state, report: own.report };
    }
    return { ...report, query: scoped, intraCoder };
  }

  /**
   * The project's rounds, oldest first, each with its report (frozen once closed, live while open)
   * and the codebook diff from the previous round's closing version to its starting version.
   * The live report is computed without bootstrap intervals (`ci` 0): the trajectory shows none.
   */
  async trajectory(projectId: string, query: AgreementQuery): Promise<Trajectory> {
    const { storage, versions } = this.deps;
    const project = await storage.getProject(projectId);
    if (!project) throw new AppError('notFound', `project '${projectId}' does not exist`);
    const rounds = await storage.listRounds(projectId);
    const inputs = [];
    let previous: Round | null = null;
    for (const round of rounds) {
      const { report } = await this.agreement(round, { ...query, ci: 0 });
      let changesBefore: VersionDiff | null = null;
      if (previous !== null && previous.closedCodebookVersion !== null)
        changesBefore = await versions.diff(projectId, previous.closedCodebookVersion, round.codebookVersion);
      inputs.push({ round, report, changesBefore });
      previous = round;
    }
    return trajectory(inputs, project.target);
  }

  /**
   * What the methods section is written from: the closed rounds with their frozen reports, the
   * codebook diff after each (to the next round's start), and the disagreement regions settled
   * into the consensus on each round's documents (the `adjudication` entries of the audit log; a
   * region on a document sampled in several rounds counts for the latest round started before
   * it was settled).
   */
  async methodsInput(projectId: string): Promise<MethodsInput> {
    const { storage, versions } = this.deps;
    const project = await storage.getProject(projectId);
    if (!project) throw new AppError('notFound', `project '${projectId}' does not exist`);
    const [rounds, documents, log] = await Promise.all([
      storage.listRounds(projectId),
      storage.listDocuments(projectId),
      storage.listAudit(projectId, Number.MAX_SAFE_INTEGER),
    ]);
    const settled = new Map<string, Adjudications>(
      rounds.map((r) => [r.id, { regions: 0, accepted: 0, own: 0 }]),
    );
    const seen = new Set<string>();
    // The log is newest first; the first entry seen for a region is its standing decision.
    for (const entry of log) {
      if (entry.action !== 'adjudication') continue;
      const { documentId, region, decision } = entry.details as {
        documentId?: unknown;
        region?: unknown;
        decision?: { kind?: unknown };
      };
      if (typeof documentId !== 'string' || typeof region !== 'string') continue;
      const key = JSON.stringify([documentId, region]);
      if (seen.has(key)) continue;
      seen.add(key);
      const round = rounds.findLast(
        (r) => r.startedAt <= entry.createdAt && r.documents.includes(documentId),
      );
      const counts = round && settled.get(round.id);
      if (!counts) continue;
      counts.regions++;
      if (decision?.kind === 'own') counts.own++;
      else counts.accepted++;
    }
    const input = [];
    for (const [i, round] of rounds.entries()) {
      if (round.status !== 'closed') continue;
      const next = rounds[i + 1];
      const frozen = (await storage.frozenAgreement(round.id)) as RoundAgreement;
      const changesAfter =
        next !== undefined && round.closedCodebookVersion !== null
          ? await versions.diff(projectId, round.closedCodebookVersion, next.codebookVersion)
          : null;
      input.push({
        round,
        report: frozen.report,
        changesAfter,
        adjudicated: settled.get(round.id)!,
        ...(frozen.intraCoder ? { intraCoder: frozen.intraCoder } : {}),
      });
    }
    return {
      projectName: project.name,
      documentsInProject: documents.length,
      target: project.target,
      rounds: input,
      openRound: rounds.find((r) => r.status === 'open')?.name ?? null,
    };
  }

  /**
   * Closes an open round: computes its report on the state now, stores it with the log positions
   * it read and the codebook version, and restores the project's blind setting from before the
   * round. Throws `conflict` when the round is already closed.
   */
  async close(
    projectId: string,
    roundId: string,
    query: AgreementQuery,
    actor: User,
  ): Promise<{ round: Round; agreement: RoundAgreement }> {
    const { storage, now, versions, access } = this.deps;
    const open = await this.get(projectId, roundId);
    if (open.status !== 'open') throw new AppError('conflict', 'the round is already closed');
    const agreement = await this.agreement(open, query);
    const codebook = await versions.draft(
      projectId,
      'round-close',
      versionReasonText('round-close', open.name),
      actor.id,
    );
    const round = await storage.closeRound(roundId, { closedAt: now().toISOString(), agreement }, codebook);
    if (!round) throw new AppError('conflict', 'the round is already closed');
    await audit(this.deps, {
      projectId,
      actorId: actor.id,
      action: 'round.close',
      details: { roundId, codebookVersion: round.closedCodebookVersion },
    });
    await access.enforce(projectId);
    return { round, agreement };
  }
}
