/**
 * Timelines of a project's documents as the server answers them
 * (`GET /api/projects/:projectId/documents/:documentId/timeline` → `{ cues }`, code points and
 * milliseconds), read once per document for the pages that show a passage's time. One instance
 * per page: it holds what it read and forgets it with the page.
 */
import { TimelineSchema, type Cue } from '../../../shared/sources.ts';
import type { ApiClient } from '../api/ApiClient.ts';

export class Timelines {
  private readonly read = new Map<string, Promise<Cue[]>>();
  private readonly done = new Map<string, Cue[]>();

  /** `onLoad` is called after a timeline arrived, so the page can show the times it gives. */
  constructor(
    private readonly api: ApiClient,
    readonly projectId: string,
    private readonly onLoad: () => void = () => undefined,
  ) {}

  /** The document's cues (read once; an unreadable timeline counts as none). */
  cues(documentId: string): Promise<Cue[]> {
    let pending = this.read.get(documentId);
    if (!pending) {
      pending = this.api
        .get(`/api/projects/${this.projectId}/documents/${documentId}/timeline`, TimelineSchema)
        .then(
          ({ cues }) => cues,
          () => [],
        )
        .then((cues) => {
          this.done.set(documentId, cues);
          this.onLoad();
          return cues;
        });
      this.read.set(documentId, pending);
    }
    return pending;
  }

  /** The document's cues if read already; otherwise null, and they are asked for. */
  cuesNow(documentId: string): Cue[] | null {
    const cues = this.done.get(documentId);
    if (cues) return cues;
    void this.cues(documentId);
    return null;
  }
}
