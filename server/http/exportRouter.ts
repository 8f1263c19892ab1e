/**
 * Export routes. Everyone's codings need the `exportAll` action; without it (a coder in a blind
 * round) an export holds the caller's own layer only, and asking for another layer is refused.
 * The agreement report follows the agreement routes: refused (403) to those who may not see every
 * layer while the round is blind.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { mayAct } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import {
  AgreementExportQuerySchema,
  CodingsExportQuerySchema,
  type ExportLayers,
  MethodsExportQuerySchema,
  QuotesExportQuerySchema,
} from '../../shared/interchange/api.ts';
import { VersionQuerySchema } from '../../shared/rounds/schemas.ts';
import { IdSchema, type Project, type User } from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import { agreementCsv, agreementHtml, agreementJson } from '../services/export/agreementReport.ts';
import { codingsTable } from '../services/export/codingsTable.ts';
import { toCsv } from '../services/export/csv.ts';
import type { ExportService, ProjectSnapshot } from '../services/export/ExportService.ts';
import { quotesHtml, quotesMarkdown, quotesTable } from '../services/export/quotes.ts';
import { quotesDocx } from '../services/export/quotesDocx.ts';
import { methodsHtml, methodsMarkdown } from '../services/export/methods.ts';
import { methodsDocx } from '../services/export/methodsDocx.ts';
import { codingsXlsx } from '../services/export/xlsx.ts';
import type { RoundService } from '../services/RoundService.ts';
import { methodsDocument } from '../../shared/rounds/methods.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';
import type { Logger } from '../logger.ts';

const ProjectParams = z.object({ projectId: IdSchema });

const TYPES = {
  qdpx: 'application/zip',
  qdc: 'application/xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
} as const;

/** A file name from a project name: ASCII letters, digits and dashes. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'project';
}

/** Sends a file as a download. */
function send(
  res: Response,
  body: string | Buffer,
  type: keyof typeof TYPES,
  filename: string,
  extra: Record<string, string> = {},
): void {
  attachment(res, type, filename, extra);
  res.send(body);
}

function attachment(
  res: Response,
  type: keyof typeof TYPES,
  filename: string,
  extra: Record<string, string>,
): void {
  res.setHeader('content-type', TYPES[type]);
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
  for (const [key, value] of Object.entries(extra)) res.setHeader(key, value);
}

/**
 * Sends a file as it is written (a .qdpx with recordings in it is too large to hold). A failure
 * once bytes have gone cuts the connection, so the client sees an incomplete download rather than
 * a file that looks whole.
 */
async function sendStream(
  res: Response,
  body: Readable,
  type: keyof typeof TYPES,
  filename: string,
  extra: Record<string, string>,
  logger: Logger,
): Promise<void> {
  attachment(res, type, filename, extra);
  try {
    await pipeline(body, res);
  } catch (error) {
    if (!res.headersSent) throw error;
    // The client only sees a cut download: the reason is said here. A client that went away
    // (premature close) is no fault of the server's.
    const gone = (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
    if (!gone)
      logger.error({ err: error, file: filename }, 'export: failed while streaming, download cut off');
    res.destroy(error as Error);
  }
}

/** Headers saying what an export had to leave out: of every layer, or of the one exported. */
function omitted(snapshot: ProjectSnapshot, layer?: string): Record<string, string> {
  const orphaned = layer === undefined ? snapshot.orphanedCodings : (snapshot.orphanedByLayer[layer] ?? 0);
  return {
    'x-concord-orphaned-codings': String(orphaned),
    'x-concord-unknown-code-codings': String(snapshot.unknownCodeCodings),
  };
}

export function exportRouter(deps: {
  exports: ExportService;
  access: AccessService;
  rounds: RoundService;
  logger: Logger;
}): Router {
  const { exports, access, rounds, logger } = deps;
  const router = Router();

  /** The caller's view: every layer with `exportAll`, else their own. */
  const scope = async (projectId: string, user: User) => {
    const { project, subject } = await access.require(projectId, user, 'read');
    const all = mayAct(subject, 'exportAll', project);
    return { project, subject, all, visible: (coderId: string) => all || coderId === user.id };
  };
  const checkLayer = (layer: string | undefined, all: boolean, user: User) => {
    if (layer !== undefined && !all && layer !== user.id) {
      throw new AppError(
        'forbidden',
        "while the round is blind you may export your own layer only (needs 'exportAll')",
      );
    }
  };
  const requireLayer = (snapshot: ProjectSnapshot, layer: string) => {
    if (!snapshot.data.coders.some((c) => c.key === layer)) {
      const known = snapshot.data.coders.map((c) => `${c.key} (${c.name})`).join(', ') || 'none';
      throw new AppError('notFound', `no layer '${layer}' in this project; layers: ${known}`);
    }
  };
  const base = (project: Project) => fileSlug(project.name);

  router.get('/projects/:projectId/export/qdpx', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { visible, project, subject } = await scope(projectId, authOf(res).user);
    // Memos go as REFI notes, those the caller may read (a blind round hides other coders').
    const snapshot = await exports.withMemos(
      await exports.snapshot(projectId, visible),
      async (memo) => (await access.memoAccess({ project, subject }, memo)) !== 'none',
    );
    const { archive, missingOriginals } = await exports.qdpx(snapshot);
    if (missingOriginals.length > 0)
      logger.warn(
        { projectId, documentIds: missingOriginals },
        'export: originals missing from storage were left out of the .qdpx (their text is in it)',
      );
    await sendStream(
      res,
      archive,
      'qdpx',
      `${base(snapshot.project)}.qdpx`,
      {
        ...omitted(snapshot),
        // Documents whose PDF or recording storage could not give: exported as text only.
        'x-concord-missing-originals': String(missingOriginals.length),
      },
      logger,
    );
  });

  router.get('/projects/:projectId/export/qdc', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { version } = parseInput(VersionQuerySchema, req.query, 'export query');
    const { project } = await scope(projectId, authOf(res).user);
    const qdc = await exports.qdc(projectId, version);
    if (qdc === null)
      throw new AppError('conflict', 'the codebook is empty: a REFI-QDA codebook holds at least one code');
    const suffix = version === undefined ? '' : `-v${version}`;
    send(res, qdc, 'qdc', `${base(project)}-codebook${suffix}.qdc`);
  });

  for (const kind of ['csv', 'xlsx'] as const) {
    router.get(`/projects/:projectId/export/codings.${kind}`, async (req, res) => {
      const { user } = authOf(res);
      const { projectId } = parseInput(ProjectParams, req.params, 'path');
      const { layer } = parseInput(CodingsExportQuerySchema, req.query, 'export query');
      const { all, visible } = await scope(projectId, user);
      checkLayer(layer, all, user);
      const snapshot = await exports.snapshot(projectId, visible);
      if (layer !== undefined) requireLayer(snapshot, layer);
      const table = codingsTable(snapshot.data, layer === undefined ? {} : { layer });
      const name = `${base(snapshot.project)}-codings${layer === undefined ? '' : `-${fileSlug(layer)}`}.${kind}`;
      const body = kind === 'csv' ? toCsv(table.header, table.rows) : await codingsXlsx(table);
      send(res, body, kind, name, omitted(snapshot, layer));
    });
  }

  /** The layers with codings the caller may export quotes from (see `ExportLayersSchema`). */
  router.get('/projects/:projectId/export/layers', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { visible } = await scope(projectId, user);
    const snapshot = await exports.snapshot(projectId, visible);
    const counts = new Map<string, number>();
    for (const c of snapshot.data.codings) counts.set(c.coder, (counts.get(c.coder) ?? 0) + 1);
    const layers: ExportLayers['layers'] = snapshot.data.coders
      .filter((c) => (counts.get(c.key) ?? 0) > 0)
      .sort((a, b) => Number(a.consensus) - Number(b.consensus) || a.name.localeCompare(b.name))
      .map((c) => ({ id: c.key, name: c.name, codings: counts.get(c.key)! }));
    res.json({ layers } satisfies ExportLayers);
  });

  router.get('/projects/:projectId/export/quotes', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { format, layer } = parseInput(QuotesExportQuerySchema, req.query, 'export query');
    const { all, visible } = await scope(projectId, user);
    checkLayer(layer, all, user);
    const snapshot = await exports.snapshot(projectId, visible);
    requireLayer(snapshot, layer);
    const table = quotesTable(snapshot.data, layer, snapshot.orphanedByLayer[layer] ?? 0);
    const name = `${base(snapshot.project)}-quotes-${fileSlug(table.layerName)}.${format}`;
    const headers = omitted(snapshot, layer);
    if (format === 'md') send(res, quotesMarkdown(table), 'md', name, headers);
    else if (format === 'html') send(res, quotesHtml(table), 'html', name, headers);
    else send(res, await quotesDocx(table), 'docx', name, headers);
  });

  router.get('/projects/:projectId/export/agreement', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { format, ...query } = parseInput(AgreementExportQuerySchema, req.query, 'agreement query');
    const { project } = await access.require(projectId, authOf(res).user, 'readAcrossLayers');
    const report = await exports.agreement(project, query, (r) => r);
    const name = `${base(project)}-agreement.${format}`;
    if (format === 'json') send(res, agreementJson(report), 'json', name);
    else if (format === 'csv') send(res, agreementCsv(report), 'csv', name);
    else send(res, agreementHtml(report), 'html', name);
  });

  /**
   * `GET /api/projects/:projectId/export/methods?format=md|html|docx` → the reliability part of a
   * methods section written from the closed rounds' frozen reports (shared/rounds/methods.ts),
   * named `<project>-methods.<format>`. Needs `readAcrossLayers`: refused (403) to coders and
   * viewers while a round is blind, like every figure computed across layers.
   */
  router.get('/projects/:projectId/export/methods', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { format } = parseInput(MethodsExportQuerySchema, req.query, 'export query');
    const { project } = await access.require(projectId, authOf(res).user, 'readAcrossLayers');
    const doc = methodsDocument(await rounds.methodsInput(projectId));
    const name = `${base(project)}-methods.${format}`;
    if (format === 'md') send(res, methodsMarkdown(doc), 'md', name);
    else if (format === 'html') send(res, methodsHtml(doc), 'html', name);
    else send(res, await methodsDocx(doc), 'docx', name);
  });

  return router;
}
