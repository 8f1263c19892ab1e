/**
 * The REST client: JSON in and out, the CSRF header on writes (read from the readable cookie the
 * server set at sign-in), responses parsed with zod. A 401 anywhere is announced once as an
 * `unauthorized` event so the app can return to the sign-in page.
 */
import type { z } from 'zod';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../shared/protocol.ts';
import { ErrorBodySchema } from './schemas.ts';
import { readCookie } from './cookies.ts';

/** A problem with one field of a request, as the server names it. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
  /** The check that failed: a schema rule (`too_small`, …) or the server's own (`validation`). */
  code?: string | undefined;
}

/** A failed request, with the server's error code (and field issues) when it sent them. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }

  /** The server's message for one top-level field, if it named one. */
  fieldMessage(field: string): string | null {
    return this.issues.find((i) => i.path[0] === field)?.message ?? null;
  }
}

export interface ApiClientOptions {
  /** Origin of the server; default: the page's own. */
  base?: string;
  /** Reads `document.cookie`; injectable for tests. */
  cookies?: () => string;
  fetch?: typeof fetch;
}

export class ApiClient extends EventTarget {
  private readonly base: string;
  private readonly cookies: () => string;
  private readonly fetcher: typeof fetch;

  constructor(options: ApiClientOptions = {}) {
    super();
    this.base = options.base ?? '';
    this.cookies = options.cookies ?? (() => document.cookie);
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.request('GET', path, undefined, schema);
  }

  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.request('POST', path, body, schema);
  }

  patch<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.request('PATCH', path, body, schema);
  }

  put<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.request('PUT', path, body, schema);
  }

  /** Sends files as multipart/form-data (the browser sets the boundary); the answer is parsed. */
  upload<S extends z.ZodType>(path: string, form: FormData, schema: S): Promise<z.infer<S>> {
    return this.request('POST', path, form, schema);
  }

  /** Sends a request whose answer carries nothing the caller needs (204, or a body it ignores). */
  async send(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
    await this.raw(method, path, body);
  }

  async request<S extends z.ZodType>(
    method: string,
    path: string,
    body: unknown,
    schema: S,
  ): Promise<z.infer<S>> {
    const res = await this.raw(method, path, body);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) {
      throw new ApiError(res.status, 'unexpectedResponse', `unexpected answer from ${method} ${path}`);
    }
    return parsed.data;
  }

  private async raw(method: string, path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const multipart = body instanceof FormData;
    if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
    if (method !== 'GET') {
      const csrf = readCookie(this.cookies(), CSRF_COOKIE);
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    const res = await this.fetcher(`${this.base}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
    if (res.ok) return res;
    const error = ErrorBodySchema.safeParse(await res.json().catch(() => null));
    const code = error.success ? error.data.error.code : 'http';
    const message = error.success ? error.data.error.message : `${res.status} ${res.statusText}`;
    if (res.status === 401) this.dispatchEvent(new Event('unauthorized'));
    throw new ApiError(res.status, code, message, error.success ? (error.data.error.issues ?? []) : []);
  }
}
