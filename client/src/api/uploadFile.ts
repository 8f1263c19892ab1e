/**
 * One file uploaded with progress. `fetch` cannot report how much of a request body has been
 * sent, so this uses XMLHttpRequest's upload events; the request is otherwise the one ApiClient
 * makes: same-origin cookies, the CSRF header read from its cookie, JSON errors turned into
 * ApiError with the server's message.
 */
import type { z } from 'zod';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../shared/protocol.ts';
import { ApiError, type ApiClient } from './ApiClient.ts';
import { readCookie } from './cookies.ts';
import { ErrorBodySchema } from './schemas.ts';

export interface UploadFileOptions {
  /** Bytes of the request sent so far and in all (multipart framing included). */
  onProgress?: (loaded: number, total: number) => void;
  /** Every byte has been sent; the server is reading the file now. */
  onSent?: () => void;
  /** Reads `document.cookie`; injectable for tests. */
  cookies?: () => string;
  /** The app's API client: a 401 is announced on it, as for every other request. */
  api?: ApiClient;
}

/**
 * POSTs `file` as `multipart/form-data` in the field `file` to `path` and parses the JSON answer
 * with `schema`.
 * @throws ApiError with the server's code and message when it refuses (status ≥ 400), code
 *   `network` when the connection fails, `unexpectedResponse` when the answer does not parse.
 */
export function uploadFile<S extends z.ZodType>(
  path: string,
  file: File | readonly File[],
  schema: S,
  options: UploadFileOptions = {},
): Promise<z.infer<S>> {
  const form = new FormData();
  for (const one of Array.isArray(file) ? file : [file]) form.append('file', one, one.name);
  const csrf = readCookie((options.cookies ?? (() => document.cookie))(), CSRF_COOKIE);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.addEventListener('progress', (e) =>
      options.onProgress?.(e.loaded, e.lengthComputable ? e.total : 0),
    );
    xhr.upload.addEventListener('load', () => options.onSent?.());
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'network', 'the connection to the server failed; try again')),
    );
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'network', 'the upload was stopped')));
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        // Not JSON (a proxy's page, say): the status below says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = schema.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError(xhr.status, 'unexpectedResponse', `unexpected answer from POST ${path}`));
        return;
      }
      if (xhr.status === 401) options.api?.dispatchEvent(new Event('unauthorized'));
      const error = ErrorBodySchema.safeParse(body);
      reject(
        error.success
          ? new ApiError(
              xhr.status,
              error.data.error.code,
              error.data.error.message,
              error.data.error.issues ?? [],
            )
          : new ApiError(xhr.status, 'http', `the server answered ${xhr.status} ${xhr.statusText}`),
      );
    });
    xhr.send(form);
  });
}
