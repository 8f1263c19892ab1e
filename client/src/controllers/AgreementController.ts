/**
 * Keeps a live agreement report for a project: Server-Sent Events from
 * `/api/projects/:id/agreement/events`, one report now and another after every change to the
 * project's codings (the browser reconnects the stream by itself).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ProjectAgreementSchema, type ProjectAgreementView } from '../api/agreementSchemas.ts';

export type LiveState = 'connecting' | 'live' | 'error';

export class AgreementController implements ReactiveController {
  result: ProjectAgreementView | null = null;
  state: LiveState = 'connecting';
  error: string | null = null;
  /** Reports received since the stream opened. */
  updates = 0;
  private source: EventSource | null = null;
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
    if (!url) return;
    this.state = 'connecting';
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
    source.addEventListener('error', (event) => {
      // A server-sent `error` event carries a message; a bare one means the connection dropped.
      const data = (event as MessageEvent<string>).data;
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

  private close(): void {
    this.source?.close();
    this.source = null;
  }
}
