/**
 * Agreement routes: the report on the live state, a live stream of it (Server-Sent Events), and
 * the current codings as an input file for `concord agreement`.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { AgreementQuerySchema, IdSchema } from '../../shared/schemas.ts';
import { seesAllLayers } from '../../shared/access.ts';
import type { Logger } from '../logger.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { AgreementService, ProjectAgreement } from '../services/AgreementService.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

export interface AgreementRouterDeps {
  agreement: AgreementService;
  access: AccessService;
  registry: RoomRegistry;
  logger: Logger;
  /** Quiet time after a change before the live report is recomputed. */
  liveDebounceMs: number;
  /** Comment lines keep idle streams open through proxies. */
  keepAliveMs: number;
}

export function agreementRouter(deps: AgreementRouterDeps): Router {
  const { agreement, access, registry, logger } = deps;

  /** What this caller may see of a report: in a blind round coders get aggregate figures only. */
  const viewFor = async (projectId: string, res: Parameters<typeof authOf>[0]) => {
    const { project, subject } = await access.require(projectId, authOf(res).user, 'read');
    return seesAllLayers(subject, project) ? (r: ProjectAgreement) => r : aggregateOnly;
  };
  const router = Router();

  router.get('/projects/:projectId/agreement', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    const view = await viewFor(projectId, res);
    res.json(view(await agreement.compute(projectId, query)));
  });

  router.get('/projects/:projectId/agreement/input', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'exportAll');
    res.json(await agreement.exportInput(projectId));
  });

  // Live report: an `agreement` event now and after every change to the project's codings,
  // texts or codebook (debounced). EventSource reconnects by itself.
  router.get('/projects/:projectId/agreement/events', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    // Live views recompute on every change: bootstrap intervals only when asked for.
    const query = parseInput(AgreementQuerySchema, { ci: '0', ...req.query }, 'agreement query');
    const view = await viewFor(projectId, res);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');

    let timer: NodeJS.Timeout | null = null;
    let running = false;
    let again = false;
    let closed = false;
    const send = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const result = await agreement.compute(projectId, query);
        if (!closed) writeEvent(res, 'agreement', view(result));
      } catch (err) {
        logger.error({ err, projectId }, 'live agreement failed');
        if (!closed) writeEvent(res, 'error', { message: 'agreement could not be computed' });
      } finally {
        running = false;
        if (again && !closed) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void send(), deps.liveDebounceMs);
    };
    const unsubscribe = registry.onChange((room) => {
      void agreement.projectOfRoom(room).then((owner) => {
        if (owner === projectId && !closed) schedule();
      });
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), deps.keepAliveMs);
    req.on('close', () => {
      closed = true;
      unsubscribe();
      clearInterval(keepAlive);
      if (timer) clearTimeout(timer);
    });
    await send();
  });

  return router;
}

/**
 * The report without anything that locates individual coders' codings: no per-document rows, no
 * per-pair contingency tables, no consensus comparison, no per-room state. Per-code and overall
 * coefficients stay.
 */
export function aggregateOnly(result: ProjectAgreement): ProjectAgreement {
  const { documents: _hidden, ...report } = result.report;
  return {
    ...result,
    state: {},
    againstConsensus: null,
    report: { ...report, codes: report.codes.map((c) => ({ ...c, pairs: {} })) },
    aggregateOnly: true,
  };
}

function writeEvent(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
