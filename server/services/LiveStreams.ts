/**
 * The open Server-Sent Events streams, so access re-checks reach them as they reach sync
 * connections (which the room registry holds): each stream is listed with who opened it, with
 * which credential, on which project, and what it needs to stay open.
 */
import type { ProjectAction } from '../../shared/access.ts';

/** Why a stream was ended: the client was refused (`forbidden`) or its credential ended. */
export interface StreamEnding {
  code: 'forbidden' | 'unauthorized';
  message: string;
}

/** One open stream, as the access re-checks see it. */
export interface LiveStream {
  readonly userId: string;
  /** The session or API token that opened the stream; it ending ends the stream. */
  readonly credentialId: string;
  readonly projectId: string;
  /** The project action the stream's content needs; losing it ends the stream. */
  readonly action: ProjectAction;
  /** Layers the stream's content names; losing read access to any of them ends the stream. */
  readonly layers?: readonly string[];
  /**
   * Sends the content again soon: access changed but the stream may go on (a round turned blind,
   * so a stream over "every layer I may read" now covers fewer layers).
   */
  refresh?(): void;
  /** Tells the client why and closes the stream. Called at most once. */
  end(ending: StreamEnding): void;
}

export class LiveStreams {
  private readonly streams = new Set<LiveStream>();

  /** Lists a stream until the returned function is called (when it closes, for any reason). */
  add(stream: LiveStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** The open streams (a copy), of one project or of all (null). */
  list(projectId: string | null = null): LiveStream[] {
    return [...this.streams].filter((s) => projectId === null || s.projectId === projectId);
  }

  get size(): number {
    return this.streams.size;
  }
}
