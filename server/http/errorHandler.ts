/** Maps every error to the JSON error shape `{ error: { code, message, issues? } }`. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../logger.ts';

/** Errors raised by body parsing carry a `type` and an HTTP status. */
interface HttpLikeError {
  status?: number;
  type?: string;
  message?: string;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else {
      const e = (err ?? {}) as HttpLikeError;
      if (e.type === 'entity.too.large')
        appError = new AppError('payloadTooLarge', 'request body is too large');
      else if (e.type === 'entity.parse.failed')
        appError = new AppError('badRequest', 'request body is not valid JSON');
      else if (e.status !== undefined && e.status >= 400 && e.status < 500)
        appError = new AppError('badRequest', e.message ?? 'bad request');
      else appError = new AppError('internal', 'internal server error');
    }
    if (appError.status >= 500)
      logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(appError.status).json(appError.toBody());
  };
}

/** Answers unknown API routes with a JSON 404 rather than express's HTML page. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('notFound', `no route for ${req.method} ${req.path}`));
};
