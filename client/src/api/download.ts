/**
 * Downloads a file the server makes (an export) and saves it under the name the server gives in
 * `Content-Disposition` (named after the project). Fetched rather than followed as a link so a
 * refusal is shown in the page, in the server's words, instead of saved as a file.
 */
import { filenameFrom } from '../model/exports.ts';
import { ApiError, type ApiClient } from './ApiClient.ts';
import { ErrorBodySchema } from './schemas.ts';

/** How long the saved file's object URL is kept: long enough for the browser to take it. */
const KEEP_URL_MS = 60_000;

/**
 * GETs `path` (same-origin, with the session cookie) and saves the answer via a temporary link
 * placed in `host`; returns the file name used.
 * @throws ApiError with the server's code and message when it refuses.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  host: ParentNode & Node,
  api?: ApiClient,
): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { accept: '*/*' } });
  if (!res.ok) {
    const body = ErrorBodySchema.safeParse(await res.json().catch(() => null));
    if (res.status === 401) api?.dispatchEvent(new Event('unauthorized'));
    throw body.success
      ? new ApiError(res.status, body.data.error.code, body.data.error.message)
      : new ApiError(res.status, 'http', `the server answered ${res.status} ${res.statusText}`);
  }
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  host.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
  return name;
}
