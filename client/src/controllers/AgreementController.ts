/**
 * Keeps a live agreement report for a project: Server-Sent Events from
 * `/api/projects/:id/agreement/events`, one report now and another after every change to the
 * project's codings (the browser reconnects the stream by itself). While a round is blind the
 * server refuses the report to coders (403) or ends an open stream with an `access` event: the
 * state is then `hidden`, with the server's reason.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { z } from 'zod';
import { ProjectAgreementSchema, type ProjectAgreementView } from '../api/agreementSchemas.ts';

export type LiveState = 'connecting' | 'live' | 'error' | 'hidden';

/** How soon a refused stream is asked for again (the project page re-reads the round as often). */
const HIDDEN_RETRY_MS = 5000;

const RefusalSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class AgreementController implements ReactiveController {
  result: ProjectAgreementView | null = null;
  state: LiveState = 'connecting';
  error: string | null = null;
  /** Reports received since the stream opened. */
  updates = 0;
  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private url: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The stream's URL (query included), or null while there is nothing to show. */
    private readonly getUrl: () => string | null,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const url = this.getUrl();
    if (url === this.url) return;
    this.close();
    this.url = url;
    this.state = 'connecting';
    if (url) this.open(url);
  }

  /** Opens the stream; a refused one asked again stays `hidden` until a report arrives. */
  private open(url: string): void {
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener('agreement', (event) => {
      const parsed = ProjectAgreementSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) {
        this.result = parsed.data;
        this.state = 'live';
        this.error = null;
        this.updates++;
      } else {
        this.state = 'error';
        this.error = 'The server sent a report this page cannot read.';
      }
      this.host.requestUpdate();
    });
    source.addEventListener('access', (event) => {
      // Access withdrawn (a blind round began, membership or sign-in ended): no reconnecting.
      const parsed = RefusalSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success && parsed.data.error.code === 'unauthorized') {
        // Signed out, or the session ended elsewhere: nothing to ask again for.
        this.close();
        this.state = 'error';
        this.error = 'Signed out: sign in again to see the live report.';
        this.host.requestUpdate();
        return;
      }
      this.hide(parsed.success ? parsed.data.error.message : null);
    });
    source.addEventListener('error', (event) => {
      // A server-sent `error` event carries a message; a bare one means the connection dropped,
      // or (closed for good) that the server refused the stream: ask it why.
      const data = (event as MessageEvent<string>).data;
      if (!data && source.readyState === EventSource.CLOSED) {
        void this.askWhyRefused(url, source);
        return;
      }
      this.state = 'error';
      this.error = data ? 'Agreement could not be computed.' : 'Reconnecting to the live report…';
      this.host.requestUpdate();
    });
    source.addEventListener('open', () => {
      if (this.state === 'error') this.state = 'connecting';
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.close();
    this.url = null;
  }

  /** EventSource hides the refusal's status: a plain request tells a 403 from other failures. */
  private async askWhyRefused(url: string, source: EventSource): Promise<void> {
    const abort = new AbortController();
    let refusal: string | null | undefined;
    try {
      const res = await fetch(url, { signal: abort.signal, headers: { accept: 'application/json' } });
      if (res.status === 403) {
        const parsed = RefusalSchema.safeParse(await res.json());
        refusal = parsed.success ? parsed.data.error.message : null;
      }
    } catch {
      // Unreachable: reported as an error below.
    } finally {
      abort.abort();
    }
    if (this.source !== source) return;
    if (refusal !== undefined) {
      this.hide(refusal);
      return;
    }
    this.state = 'error';
    this.error = 'The live report is unavailable.';
    this.host.requestUpdate();
  }

  /**
   * Shows the refusal and asks again later: the round may open before the page's next reading of
   * the project notices it was blind at all.
   */
  private hide(reason: string | null): void {
    this.close();
    this.result = null;
    this.state = 'hidden';
    this.error = reason;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.url) this.open(this.url);
    }, HIDDEN_RETRY_MS);
    this.host.requestUpdate();
  }

  private close(): void {
    this.source?.close();
    this.source = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}
