/**
 * Keeps one analysis answer (a retrieval, a co-occurrence table or a matrix) current for a page:
 * reads the route once, then listens to its live stream (`/api/projects/:id/analysis/events`,
 * Server-Sent Events; the browser reconnects by itself) and takes each new answer it sends. An
 * event the page cannot read as the answer itself is taken as "something changed" and the route
 * is read again. When the server ends the stream with an `access` event (a blind round began,
 * membership or sign-in ended) the server's message is shown and nothing more is asked.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { z } from 'zod';
import { ApiError, type ApiClient } from '../api/ApiClient.ts';

/** `loading`: no answer yet; `live`: answer shown, stream open; `stale`: answer shown, stream down. */
export type AnalysisLiveState = 'idle' | 'loading' | 'live' | 'stale' | 'error' | 'ended';

/** What to keep current: the route's path, its stream and the event the stream names its answers. */
export interface LiveAnalysisSpec {
  path: string;
  events: string;
  event: string;
}

const RefusalSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class LiveAnalysisController<T> implements ReactiveController {
  result: T | null = null;
  state: AnalysisLiveState = 'idle';
  /** Why there is no answer, or why it is no longer live, in the server's words when it gave some. */
  error: string | null = null;
  /** When the shown answer arrived. */
  updatedAt: Date | null = null;
  private key: string | null = null;
  private source: EventSource | null = null;
  /** Drops answers to requests made for an earlier spec. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly inputs: () => { api: ApiClient | null; spec: LiveAnalysisSpec | null },
    private readonly schema: z.ZodType<T>,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { api, spec } = this.inputs();
    const key = api && spec ? `${spec.path}\n${spec.events}` : null;
    if (key === this.key) return;
    this.close();
    this.key = key;
    this.result = null;
    this.updatedAt = null;
    this.error = null;
    this.state = api && spec ? 'loading' : 'idle';
    if (!api || !spec) return;
    void this.load(api, spec.path, ++this.generation);
    this.open(api, spec, this.generation);
  }

  hostDisconnected(): void {
    this.close();
    this.key = null;
    this.generation++;
  }

  /** Reads the route now (the first answer, and after a change the stream only announced). */
  private async load(api: ApiClient, path: string, generation: number): Promise<void> {
    try {
      const answer = await api.get(path, this.schema);
      if (generation !== this.generation || this.state === 'ended') return;
      this.take(answer);
    } catch (err) {
      if (generation !== this.generation) return;
      this.result = null;
      this.state = 'error';
      this.error =
        err instanceof ApiError ? err.message : 'The server could not be reached. Check your connection.';
      this.host.requestUpdate();
    }
  }

  private take(answer: T): void {
    this.result = answer;
    this.updatedAt = new Date();
    if (this.state !== 'stale') this.state = 'live';
    this.error = null;
    this.host.requestUpdate();
  }

  private open(api: ApiClient, spec: LiveAnalysisSpec, generation: number): void {
    const source = new EventSource(spec.events);
    this.source = source;
    source.addEventListener(spec.event, (event) => {
      const data = (event as MessageEvent<string>).data;
      const parsed = this.schema.safeParse(safeJson(data));
      if (parsed.success) this.take(parsed.data);
      else void this.load(api, spec.path, generation);
    });
    source.addEventListener('access', (event) => {
      const parsed = RefusalSchema.safeParse(safeJson((event as MessageEvent<string>).data));
      this.close();
      this.generation++;
      this.result = null;
      this.state = 'ended';
      this.error = parsed.success ? parsed.data.error.message : 'You may no longer see this analysis.';
      this.host.requestUpdate();
    });
    source.addEventListener('open', () => {
      if (this.state === 'stale') {
        this.state = 'live';
        // Changes made while the stream was down were not announced.
        void this.load(api, spec.path, generation);
      }
      this.host.requestUpdate();
    });
    source.addEventListener('error', (event) => {
      const data = (event as MessageEvent<string>).data;
      if (this.state === 'ended') return;
      if (this.result !== null || this.state === 'live') this.state = 'stale';
      this.error = data
        ? 'The server could not compute the update.'
        : source.readyState === EventSource.CLOSED
          ? 'Live updates stopped: reload the page to see changes.'
          : 'Reconnecting for live updates…';
      this.host.requestUpdate();
    });
  }

  private close(): void {
    this.source?.close();
    this.source = null;
  }
}

function safeJson(data: string | undefined): unknown {
  try {
    return data ? JSON.parse(data) : null;
  } catch {
    return null;
  }
}
