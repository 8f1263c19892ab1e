/**
 * Reliability as a workflow (docs/rounds.md): rounds with their live and frozen agreement,
 * assignments with workload and progress, and codebook versions with their diffs. Starting or
 * closing a round, assigning documents and recording a version need `changeRound` (owners and
 * reviewers); a round's figures need `readAcrossLayers`, so a coder in a blind round sees the
 * round but not its agreement.
 */
import { Router } from 'express';
import { z } from 'zod';
import { mayAct, refusal } from '../../shared/access.ts';
import {
  AssignmentsQuerySchema,
  CreateRoundBodySchema,
  CreateVersionBodySchema,
  DiffQuerySchema,
  PutAssignmentsBodySchema,
  SplitAssignmentsBodySchema,
  type Round,
} from '../../shared/rounds/schemas.ts';
import { AgreementQuerySchema, IdSchema } from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { AssignmentService } from '../services/AssignmentService.ts';
import { audit } from '../services/audit.ts';
import type { CodebookVersions } from '../services/CodebookVersions.ts';
import type { ServiceDeps } from '../services/ProjectService.ts';
import type { RoundService } from '../services/RoundService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
const RoundParams = z.object({ projectId: IdSchema, roundId: IdSchema });

export interface RoundsRouterDeps {
  access: AccessService;
  rounds: RoundService;
  assignments: AssignmentService;
  versions: CodebookVersions;
  services: ServiceDeps;
}

/**
 * A round as someone may read it. Who coded which document before the round (`codedBefore`) and
 * the sample's allocation (how many documents each stratum had left, which tells how many were
 * left out as already coded) come from every coder's layer, so while a round is blind those who
 * may not read across layers get `codedBefore: []` and no `sample`.
 */
function readableRound<R extends Round>(round: R, readsAcrossLayers: boolean): R {
  return readsAcrossLayers ? round : { ...round, codedBefore: [], sample: null };
}

export function roundsRouter(deps: RoundsRouterDeps): Router {
  const { access, rounds, assignments, versions, services } = deps;
  const router = Router();

  /** `POST /api/projects/:projectId/rounds` → 201 the round; 409 while another is open. */
  router.post('/projects/:projectId/rounds', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'changeRound');
    const body = parseInput(CreateRoundBodySchema, req.body, 'round');
    res.status(201).json(await rounds.start(projectId, body, user));
  });

  /** `GET /api/projects/:projectId/rounds` → `{ rounds }`, oldest first, without figures. */
  router.get('/projects/:projectId/rounds', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { project, subject } = await access.require(projectId, authOf(res).user, 'read');
    const all = mayAct(subject, 'readAcrossLayers', project);
    res.json({ rounds: (await services.storage.listRounds(projectId)).map((r) => readableRound(r, all)) });
  });

  /**
   * `GET /api/projects/:projectId/rounds/trajectory[?unit=…]` → `{ target, rounds }`: pooled and
   * per-code figures of every round (frozen once closed, live while open; the agreement query
   * parameters apply to the open one), with the codebook changes before each. Needs
   * `readAcrossLayers`: refused to coders and viewers while a round is blind. Registered before
   * `/rounds/:roundId` so the word is not taken for a round id.
   */
  router.get('/projects/:projectId/rounds/trajectory', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'readAcrossLayers');
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    res.json(await rounds.trajectory(projectId, query));
  });

  /**
   * `GET /api/projects/:projectId/rounds/prior-coding` → `{ documents: [{ documentId, coders }] }`:
   * who has already coded or marked done which document (owners and reviewers, who start rounds
   * and see every layer anyway). Registered before `/rounds/:roundId`.
   */
  router.get('/projects/:projectId/rounds/prior-coding', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'changeRound');
    res.json(await rounds.priorCoding(projectId));
  });

  /**
   * `GET /api/projects/:projectId/rounds/:roundId[?unit=…]` → the round with `agreement`: live
   * while open (agreement query parameters apply), frozen once closed. Those who may not see every
   * layer get `agreement: null` and `agreementWithheld` saying why.
   */
  router.get('/projects/:projectId/rounds/:roundId', async (req, res) => {
    const { projectId, roundId } = parseInput(RoundParams, req.params, 'path');
    const { project, subject } = await access.require(projectId, authOf(res).user, 'read');
    const round = await rounds.get(projectId, roundId);
    if (!mayAct(subject, 'readAcrossLayers', project)) {
      res.json({
        ...readableRound(round, false),
        agreement: null,
        agreementWithheld: refusal(subject, 'readAcrossLayers', project),
      });
      return;
    }
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    res.json({ ...round, agreement: await rounds.agreement(round, query) });
  });

  /**
   * `POST /api/projects/:projectId/rounds/:roundId/close[?unit=…]` → the closed round with its
   * frozen `agreement`; 409 when already closed.
   */
  router.post('/projects/:projectId/rounds/:roundId/close', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, roundId } = parseInput(RoundParams, req.params, 'path');
    await access.require(projectId, user, 'changeRound');
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    const { round, agreement } = await rounds.close(projectId, roundId, query, user);
    res.json({ ...round, agreement });
  });

  /**
   * `GET /api/projects/:projectId/assignments` → `{ assignments, workload }` for supervisors;
   * `?coder=me` → the caller's own `{ assignments, documents, assigned, done }` for any member.
   */
  router.get('/projects/:projectId/assignments', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { coder } = parseInput(AssignmentsQuerySchema, req.query, 'assignments query');
    if (coder === 'me') {
      await access.require(projectId, user, 'read');
      const all = await services.storage.listAssignments(projectId);
      const own = all.filter((a) => a.coders.includes(user.id)).map((a) => ({ ...a, coders: [user.id] }));
      res.json({ assignments: own, ...(await assignments.mine(projectId, user.id)) });
      return;
    }
    await access.require(projectId, user, 'changeRound');
    const all = await services.storage.listAssignments(projectId);
    res.json({ assignments: all, workload: await assignments.workload(projectId, all) });
  });

  /** `PUT /api/projects/:projectId/assignments` → the stored `{ assignments, workload }`. */
  router.put('/projects/:projectId/assignments', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'changeRound');
    const body = parseInput(PutAssignmentsBodySchema, req.body, 'assignments');
    const stored = await assignments.put(projectId, body.assignments, user);
    res.json({ assignments: stored, workload: await assignments.workload(projectId, stored) });
  });

  /**
   * `POST /api/projects/:projectId/assignments/split` `{ coders, seed }`: deals the documents
   * outside every round evenly between the coders → the stored `{ assignments, workload }`.
   */
  router.post('/projects/:projectId/assignments/split', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'changeRound');
    const { coders, seed } = parseInput(SplitAssignmentsBodySchema, req.body, 'split');
    const stored = await assignments.split(projectId, coders, seed, user);
    res.json({ assignments: stored, workload: await assignments.workload(projectId, stored) });
  });

  /** `POST /api/projects/:projectId/codebook/versions` `{ note }` → 201 `{ version, … }`. */
  router.post('/projects/:projectId/codebook/versions', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'changeRound');
    const { note } = parseInput(CreateVersionBodySchema, req.body ?? {}, 'codebook version');
    const version = await versions.record(projectId, note, user.id);
    await audit(services, {
      projectId,
      actorId: user.id,
      action: 'codebook.version',
      details: { version: version.version, note },
    });
    res.status(201).json(version);
  });

  /** `GET /api/projects/:projectId/codebook/versions` → `{ versions }`, oldest first. */
  router.get('/projects/:projectId/codebook/versions', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    res.json({ versions: await services.storage.listCodebookVersions(projectId) });
  });

  /** `GET /api/projects/:projectId/codebook/diff?from=N&to=M` → added, removed, merged, … */
  router.get('/projects/:projectId/codebook/diff', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { from, to } = parseInput(DiffQuerySchema, req.query, 'diff query');
    await access.require(projectId, authOf(res).user, 'read');
    res.json(await versions.diff(projectId, from, to));
  });

  return router;
}
