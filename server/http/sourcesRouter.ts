/**
 * The originals of PDF documents and recordings (docs/sources.md), under the project's `read`
 * access like the document's text: every member reads them, also in a blind round; others get
 * the answers other document routes give (403 for a non-member, 404 for a document of another
 * project).
 *
 * - `GET|HEAD /api/projects/:projectId/documents/:documentId/file` → the file as uploaded, with
 *   its media type, `Content-Length` (bytes), `Accept-Ranges: bytes`, `ETag: "<sha256>"` and an
 *   inline `Content-Disposition` naming the uploaded file. One range (`Range: bytes=a-b`, `a-`,
 *   `-n`) → 206 with `Content-Range`; an unsatisfiable one → 416 naming the size (`Content-Range: bytes &#42;/<size>`);
 *   several ranges, or a Range that is not valid (`bytes=5-2`), → the whole file (200).
 *   `If-None-Match` holding the file's ETag (in a list, weak or not) or `*` → 304. 404 for a
 *   typed-text document (it has no file).
 * - `GET /api/projects/:projectId/documents/:documentId/pages` → `{ pages: PageRange[] }`: each
 *   page of a PDF document with its `[start, end)` in code points of the text; 404 for others.
 */
import type { Readable } from 'node:stream';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { IdSchema } from '../../shared/schemas.ts';
import type { PageRange } from '../../shared/sources.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { ProjectService, ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';
import type { Logger } from '../logger.ts';

const DocumentParams = z.object({ projectId: IdSchema, documentId: IdSchema });

/** `Content-Disposition: inline` with the file name, ASCII fallback first (RFC 6266, RFC 8187). */
export function inlineDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Whether an `If-None-Match` header matches the file whose entity tag is `"<sha256>"`: `*`, or a
 * list of entity tags one of which is it, compared weakly (a `W/` prefix aside), as RFC 9110
 * §13.1.2 asks for this header. Absent → false.
 */
export function noneMatch(header: string | undefined, sha256: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${sha256}"`);
}

/**
 * Whether a `Range` header may be served as ranges: it names bytes and none of its ranges is
 * invalid (RFC 9110 §14.1.1: `first-last` with `last` below `first`). An invalid one is ignored
 * (§14.2): the answer is the whole file, not 416, which is for valid ranges outside the file.
 * Absent → false.
 */
export function validByteRanges(header: string | undefined): boolean {
  if (header === undefined) return false;
  const match = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!match) return false;
  return match[1]!.split(',').every((spec) => {
    const range = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(spec);
    if (!range || (range[1] === '' && range[2] === '')) return false;
    return range[1] === '' || range[2] === '' || Number(range[2]) >= Number(range[1]);
  });
}

/**
 * Streams a kept file into the response. Resolves once it is sent or the client went away
 * (null: the stream is then destroyed), or to the store's error, with the response left open so
 * that an error before the first byte can still be answered.
 */
function pipeKept(stream: Readable, res: Response): Promise<Error | null> {
  return new Promise((resolve) => {
    stream.once('error', (error) => {
      stream.unpipe(res);
      resolve(error);
    });
    res.once('finish', () => resolve(null));
    res.once('close', () => {
      stream.destroy();
      resolve(null);
    });
    stream.pipe(res);
  });
}

export function sourcesRouter(deps: {
  projects: ProjectService;
  access: AccessService;
  services: Pick<ServiceDeps, 'storage' | 'blobs'>;
  logger: Logger;
}): Router {
  const { projects, access, services, logger } = deps;
  const { storage, blobs } = services;
  const router = Router();

  /** The document, when the caller may read the project and it is in it. */
  async function readable(req: Request, res: Response) {
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    return projects.requireDocument(projectId, documentId);
  }

  // Express answers HEAD with this GET route; the body is left out below.
  router.get('/projects/:projectId/documents/:documentId/file', async (req, res) => {
    const document = await readable(req, res);
    const source = document.source;
    if (!source)
      throw new AppError('notFound', `document '${document.id}' is typed text: it has no PDF or recording`);
    const stored = await blobs.stat(source.sha256);
    if (!stored)
      throw new AppError('notFound', `the file of document '${document.id}' is missing from storage`);
    const size = stored.bytes;
    const etag = `"${source.sha256}"`;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('ETag', etag);
    res.setHeader('Content-Type', source.mediaType);
    res.setHeader('Content-Disposition', inlineDisposition(source.fileName));
    // The content of a digest never changes; who may read it does, so caches must ask each time.
    res.setHeader('Cache-Control', 'private, no-cache');
    if (noneMatch(req.headers['if-none-match'], source.sha256)) {
      res.status(304).end();
      return;
    }
    // A Range for another version of the file (If-Range) gets the whole file, as does one that
    // is not a valid byte range at all.
    const ifRange = req.headers['if-range'];
    const ranges =
      (ifRange === undefined || ifRange === etag) && validByteRanges(req.headers.range)
        ? req.range(size, { combine: true })
        : undefined;
    if (ranges === -1) {
      res.setHeader('Content-Range', `bytes */${size}`);
      throw new AppError('rangeNotSatisfiable', `the range asked for is outside the file's ${size} bytes`);
    }
    // range-parser gives inclusive ends; the store takes an exclusive one.
    const one = Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0]! : null;
    const range = one ? { start: one.start, end: one.end + 1 } : { start: 0, end: size };
    if (one) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end - 1}/${size}`);
    }
    res.setHeader('Content-Length', String(range.end - range.start));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const failed = await pipeKept(blobs.read(source.sha256, one ? range : undefined), res);
    if (!failed) return;
    logger.error(
      { err: failed, documentId: document.id, sha256: source.sha256 },
      'file route: the kept file failed while streaming',
    );
    if (!res.headersSent) {
      // Nothing sent yet (the store failed on its first read): an error the client can read.
      for (const name of ['Content-Length', 'Content-Range', 'Content-Disposition', 'ETag', 'Accept-Ranges'])
        res.removeHeader(name);
      throw new AppError('internal', `the file of document '${document.id}' could not be read from storage`);
    }
    // Headers are gone: the client sees a cut response, which players retry with a Range.
    res.destroy(failed);
  });

  router.get('/projects/:projectId/documents/:documentId/pages', async (req, res) => {
    const document = await readable(req, res);
    const pages = document.source?.kind === 'pdf' ? await storage.getDocumentPages(document.id) : null;
    if (!pages) throw new AppError('notFound', `document '${document.id}' is not a PDF: it has no pages`);
    const body: { pages: PageRange[] } = { pages: pages.map((p, i) => ({ page: i + 1, ...p })) };
    res.json(body);
  });

  return router;
}
