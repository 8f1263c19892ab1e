/**
 * Analysis routes: coded retrieval (`segments`), co-occurrence, the code × document matrix, their
 * exports, and a live stream of any of them. Every member who may read the project may analyse;
 * which layers they read is decided once, by `AccessService.requireLayers`: in a blind round a
 * coder reads only their own layer, and naming another coder's layer or the consensus is 403
 * `forbidden` on every route. See docs/analysis.md.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import {
  AnalysisEventsKindSchema,
  CooccurrenceQuerySchema,
  MatrixExportQuerySchema,
  MatrixQuerySchema,
  SegmentsExportQuerySchema,
  SegmentsQuerySchema,
  type AnalysisKind,
  type SegmentsQuery,
} from '../../shared/analysis/index.ts';
import { CONSENSUS, isRecodeLayer, layerOwner } from '../../shared/protocol.ts';
import { IdSchema, type User } from '../../shared/schemas.ts';
import { codePaths } from '../../shared/model/codebook.ts';
import type { Logger } from '../logger.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { AnalysisService } from '../services/AnalysisService.ts';
import { matrixCsv, retrievalCsv, retrievalMarkdown, retrievalRows } from '../services/export/retrieval.ts';
import { retrievalDocx } from '../services/export/retrievalDocx.ts';
import type { LiveStreams } from '../services/LiveStreams.ts';
import type { Storage } from '../storage/Storage.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { authOf } from './auth.ts';
import { fileSlug } from './exportRouter.ts';
import { serveLiveEvents } from './liveEvents.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

export interface AnalysisRouterDeps {
  analysis: AnalysisService;
  access: AccessService;
  storage: Storage;
  registry: RoomRegistry;
  /** Where open streams are listed, so access changes end them. */
  streams: LiveStreams;
  logger: Logger;
  /** Quiet time after a change before a live answer is recomputed, in milliseconds. */
  liveDebounceMs: number;
  /** Comment lines keep idle streams open through proxies, in milliseconds. */
  keepAliveMs: number;
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export function analysisRouter(deps: AnalysisRouterDeps): Router {
  const { analysis, access, storage } = deps;
  const router = Router();

  /** Retrieval for a caller: the layers they may read (403 when they name one they may not). */
  const segments = async (projectId: string, user: User, query: SegmentsQuery) => {
    const { layers } = await access.requireLayers(projectId, user, query.layer);
    return analysis.segments(projectId, query, layers.includes);
  };
  /** The one layer of co-occurrence and matrix: the one named, else the caller's own. */
  const oneLayer = async (projectId: string, user: User, layer: string | undefined) => {
    const key = layer ?? user.id;
    await access.requireLayers(projectId, user, [key]);
    return key;
  };
  const cooccurrence = async (projectId: string, user: User, raw: unknown) => {
    const query = parseInput(CooccurrenceQuerySchema, raw, 'co-occurrence query');
    return analysis.cooccurrence(projectId, query, await oneLayer(projectId, user, query.layer));
  };
  const matrix = async (projectId: string, user: User, raw: unknown) => {
    const query = parseInput(MatrixQuerySchema, raw, 'matrix query');
    const layer = await oneLayer(projectId, user, query.layer);
    return { ...(await analysis.matrix(projectId, query, layer)), layer };
  };
  /** Names of layer keys for files: the coder's name, "Consensus", "<name> (recode)". */
  const layerNames = async (keys: Iterable<string>) => {
    const names = new Map<string, string>();
    for (const key of new Set(keys)) {
      if (key === CONSENSUS) names.set(key, 'Consensus');
      else {
        const name = (await storage.getUser(layerOwner(key)))?.name ?? key;
        names.set(key, isRecodeLayer(key) ? `${name} (recode)` : name);
      }
    }
    return names;
  };

  /**
   * `GET /api/projects/:projectId/segments`: every passage coded with the chosen codes →
   * `{ segments: [{ documentId, documentTitle, layer, codeId, codingId, start, end, text, before,
   * after, memo }], total }`; positions in code points, half-open; ordered by document, start,
   * layer. 400 `validation` for bad parameters and unknown codes or documents.
   */
  router.get('/projects/:projectId/segments', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(SegmentsQuerySchema, req.query, 'segments query');
    const { segments: found, total } = await segments(projectId, authOf(res).user, query);
    res.json({ segments: found, total });
  });

  /**
   * `GET /api/projects/:projectId/segments/export?format=csv|md|docx`: the retrieval as a file
   * (same filters; `limit`/`offset` apply too), named after the project.
   */
  router.get('/projects/:projectId/segments/export', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(SegmentsExportQuerySchema, req.query, 'segments export query');
    const result = await segments(projectId, authOf(res).user, query);
    const { project, codebook, documents } = result.input;
    const rows = retrievalRows(
      result.segments,
      documents,
      codebook,
      await layerNames(result.segments.map((s) => s.layer)),
    );
    const paths = codePaths(codebook);
    const report = {
      projectName: project.name,
      codes: (query.code ?? []).map((id) => paths.get(id) ?? id),
      rows,
    };
    const name = `${fileSlug(project.name)}-retrieval.${query.format}`;
    if (query.format === 'csv') send(res, retrievalCsv(report), 'csv', name);
    else if (query.format === 'md') send(res, retrievalMarkdown(report), 'md', name);
    else send(res, await retrievalDocx(report), 'docx', name);
  });

  /**
   * `GET /api/projects/:projectId/cooccurrence?layer=…`: `{ codes, counts }` for one layer
   * (default the caller's own); see `shared/analysis/cooccurrence.ts` for the counts.
   */
  router.get('/projects/:projectId/cooccurrence', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    res.json(await cooccurrence(projectId, authOf(res).user, req.query));
  });

  /**
   * `GET /api/projects/:projectId/matrix?layer=…&columns=documents|attribute:<name>`:
   * `{ rows, columns: [{ key, label }], cells: [[{ codings, documents }]] }` for one layer.
   */
  router.get('/projects/:projectId/matrix', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { rows, columns, cells } = await matrix(projectId, authOf(res).user, req.query);
    res.json({ rows, columns, cells });
  });

  /**
   * `GET /api/projects/:projectId/matrix/export?format=csv`: the matrix as long-format CSV, each
   * row naming the layer counted (`layer`, `layer_name`); the file is named after the project and
   * the layer.
   */
  router.get('/projects/:projectId/matrix/export', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { format } = parseInput(MatrixExportQuerySchema, req.query, 'matrix export query');
    const rest: Record<string, unknown> = { ...req.query };
    delete rest.format;
    const result = await matrix(projectId, authOf(res).user, rest);
    // Which coder's (or the consensus') coding the counts are of: in the file and in its name.
    const layer = { key: result.layer, name: (await layerNames([result.layer])).get(result.layer)! };
    const name = `${fileSlug(result.input.project.name)}-matrix-${fileSlug(layer.name)}.${format}`;
    send(res, matrixCsv(result, result.input.codebook, layer), 'csv', name);
  });

  /**
   * `GET /api/projects/:projectId/analysis/events?kind=segments|cooccurrence|matrix&…`: Server-Sent
   * Events; an event named after `kind` carrying what the route of that name answers, now and
   * after every change to the project's texts, codings or codebook (debounced). Refused like the
   * route itself; an `access` event `{ error: { code, message } }` ends the stream when the caller
   * loses access to the project or to a layer the query names.
   */
  router.get('/projects/:projectId/analysis/events', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { kind } = parseInput(AnalysisEventsKindSchema, req.query, 'analysis events query');
    const caller = authOf(res);
    const rest: Record<string, unknown> = { ...req.query };
    delete rest.kind;
    let compute: () => Promise<unknown>;
    let layers: readonly string[] | undefined;
    if (kind === 'segments') {
      const query = parseInput(SegmentsQuerySchema, rest, 'segments query');
      layers = query.layer;
      compute = async () => {
        const { segments: found, total } = await segments(projectId, caller.user, query);
        return { segments: found, total };
      };
    } else {
      const query = parseInput(
        kind === 'matrix' ? MatrixQuerySchema : CooccurrenceQuerySchema,
        rest,
        `${kind} query`,
      );
      layers = [query.layer ?? caller.user.id];
      compute = async () => {
        if (kind === 'cooccurrence') return cooccurrence(projectId, caller.user, rest);
        const { rows, columns, cells } = await matrix(projectId, caller.user, rest);
        return { rows, columns, cells };
      };
    }
    // Refused before the stream starts, with the route's own status and message.
    await access.requireLayers(projectId, caller.user, layers);
    // Bad queries (unknown codes, documents) get their 400 before the stream starts.
    const initial = await compute();
    await serveLiveEvents(
      req,
      res,
      { ...deps, debounceMs: deps.liveDebounceMs },
      {
        stream: {
          userId: caller.user.id,
          credentialId: caller.credential.id,
          projectId,
          action: 'read',
          ...(layers ? { layers } : {}),
        },
        event: kind satisfies AnalysisKind,
        compute,
        initial,
        followsAccess: true,
        concerns: (room) => analysis.concerns(room, projectId),
        failure: `${kind} could not be computed`,
      },
    );
  });

  return router;
}

/** Sends a file as a download. */
function send(res: Response, body: string | Buffer, type: keyof typeof TYPES, filename: string): void {
  res.setHeader('content-type', TYPES[type]);
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
  res.send(body);
}
