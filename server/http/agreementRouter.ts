/**
 * Agreement routes: the report on the live state, a live stream of it (Server-Sent Events), and
 * the current codings as an input file for `concord agreement`.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { AgreementQuerySchema, IdSchema } from '../../shared/schemas.ts';
import type { Logger } from '../logger.ts';
import type { AgreementService } from '../services/AgreementService.ts';
import type { ProjectService } from '../services/ProjectService.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

export interface AgreementRouterDeps {
  agreement: AgreementService;
  projects: ProjectService;
  registry: RoomRegistry;
  logger: Logger;
  /** Quiet time after a change before the live report is recomputed. */
  liveDebounceMs: number;
  /** Comment lines keep idle streams open through proxies. */
  keepAliveMs: number;
}

export function agreementRouter(deps: AgreementRouterDeps): Router {
  const { agreement, projects, registry, logger } = deps;
  const router = Router();

  router.get('/projects/:projectId/agreement', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    await projects.requireProject(projectId);
    res.json(await agreement.compute(projectId, query));
  });

  router.get('/projects/:projectId/agreement/input', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await projects.requireProject(projectId);
    res.json(await agreement.exportInput(projectId));
  });

  // Live report: an `agreement` event now and after every change to the project's codings,
  // texts or codebook (debounced). EventSource reconnects by itself.
  router.get('/projects/:projectId/agreement/events', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(AgreementQuerySchema, req.query, 'agreement query');
    await projects.requireProject(projectId);
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
        if (!closed) writeEvent(res, 'agreement', result);
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

function writeEvent(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
