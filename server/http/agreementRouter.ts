/**
 * Agreement routes: the report on the live state, a live stream of it (Server-Sent Events), and
 * the current codings as an input file for `concord agreement`. Every one needs
 * `readAcrossLayers`: while a round is blind, coders and viewers get 403 from all of them (even
 * aggregate figures let a coder rebuild another's codings one change at a time).
 */
import { Router } from 'express';
import { z } from 'zod';
import { AgreementQuerySchema, IdSchema } from '../../shared/schemas.ts';
import type { Logger } from '../logger.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { AgreementService } from '../services/AgreementService.ts';
import type { LiveStreams } from '../services/LiveStreams.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { authOf } from './auth.ts';
import { serveLiveEvents } from './liveEvents.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

export interface AgreementRouterDeps {
  agreement: AgreementService;
  access: AccessService;
  registry: RoomRegistry;
  /** Where open streams are listed, so access changes end them. */
  streams: LiveStreams;
  logger: Logger;
  /** Quiet time after a change before the live report is recomputed. */
  liveDebounceMs: number;
  /** Comment lines keep idle streams open through proxies. */
  keepAliveMs: number;
}

export function agreementRouter(deps: AgreementRouterDeps): Router {
  const { agreement, access, registry, streams, logger } = deps;
  const router = Router();

  /** `GET /api/projects/:projectId/agreement`: the report; 403 `forbidden` in a blind round for coders. */
  router.get('/projects/:projectId/agreement', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    await access.require(projectId, authOf(res).user, 'readAcrossLayers');
    res.json(await agreement.compute(projectId, query));
  });

  /** `GET /api/projects/:projectId/agreement/input`: every layer's codings; same rule. */
  router.get('/projects/:projectId/agreement/input', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'readAcrossLayers');
    res.json(await agreement.exportInput(projectId));
  });

  // Live report: an `agreement` event now and after every change to the project's codings,
  // texts or codebook (debounced). EventSource reconnects by itself. When the caller loses
  // access (the round turns blind, they are removed, their session or token ends) an `access`
  // event carrying `{ error: { code, message } }` is sent and the stream ends.
  router.get('/projects/:projectId/agreement/events', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    // Live views recompute on every change: bootstrap intervals only when asked for.
    const query = parseInput(AgreementQuerySchema, { ci: '0', ...req.query }, 'agreement query');
    const caller = authOf(res);
    await access.require(projectId, caller.user, 'readAcrossLayers');
    await serveLiveEvents(
      req,
      res,
      { access, registry, streams, logger, debounceMs: deps.liveDebounceMs, keepAliveMs: deps.keepAliveMs },
      {
        stream: {
          userId: caller.user.id,
          credentialId: caller.credential.id,
          projectId,
          action: 'readAcrossLayers',
        },
        event: 'agreement',
        compute: () => agreement.compute(projectId, query),
        concerns: async (room) => (await agreement.projectOfRoom(room)) === projectId,
        failure: 'agreement could not be computed',
      },
    );
  });

  return router;
}
