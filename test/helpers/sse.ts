/** A Server-Sent Events reader over a real HTTP response, for tests. */

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  /** Events received so far, in order. */
  events: SseEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Whether the server ended the stream. */
  readonly isEnded: boolean;
  close(): void;
}

/** Opens `url` with a Bearer token or headers and collects its events until it ends or is closed. */
export async function openSse(
  url: string,
  auth: { token?: string; headers?: Record<string, string> },
): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: {
      accept: 'text/event-stream',
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...auth.headers,
    },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  let isEnded = false;
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, data: data.join('\n') });
        }
      }
      isEnded = true;
    } catch {
      // Closed by the test.
    }
  })();
  return {
    status: res.status,
    events,
    ended,
    get isEnded() {
      return isEnded;
    },
    close: () => abort.abort(),
  };
}
