import { LitElement, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../../api/ApiClient.ts';
import {
  CodebookDiffSchema,
  CodebookVersionSchema,
  RoundListSchema,
  VersionListSchema,
  type CodebookDiff,
  type CodebookVersion,
  type Round,
} from '../../api/roundsSchemas.ts';
import type { AppContext } from '../../context.ts';
import { versionNoteText, versionReasonText } from '../../../../shared/rounds/versionNotes.ts';
import { diffLines, formatDate } from '../../model/rounds.ts';
import styles from './codebook-history.styles.ts';

/**
 * The codebook's history: every recorded version (when, why — a round starting or closing, or a
 * note — and how many codes), each downloadable as a REFI-QDA codebook as it was; a comparison of
 * two versions (codes added, removed, merged, renamed, moved, redefined); and, for owners and
 * reviewers, recording a version with a note.
 */
export class CcCodebookHistory extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    review: { attribute: false },
    codeNames: { attribute: false },
    versions: { state: true },
    rounds: { state: true },
    from: { state: true },
    to: { state: true },
    diff: { state: true },
    note: { state: true },
    message: { state: true },
    compareError: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** May record versions (owners and reviewers). */
  declare review: boolean;
  /** Current code names by id, to name a moved code's themes. */
  declare codeNames: ReadonlyMap<string, string>;
  declare versions: CodebookVersion[] | null;
  declare rounds: Round[];
  declare from: number | null;
  declare to: number | null;
  declare diff: CodebookDiff | null;
  declare note: string;
  declare message: string | null;
  declare compareError: string | null;
  private loadedFor: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.review = false;
    this.codeNames = new Map();
    this.versions = null;
    this.rounds = [];
    this.from = null;
    this.to = null;
    this.diff = null;
    this.note = '';
    this.message = null;
    this.compareError = null;
  }

  override updated(): void {
    if (this.context && this.projectId && this.loadedFor !== this.projectId) {
      this.loadedFor = this.projectId;
      void this.load();
    }
  }

  private get base(): string {
    return `/api/projects/${this.projectId ?? ''}`;
  }

  private async load(): Promise<void> {
    if (!this.context) return;
    try {
      const [versions, rounds] = await Promise.all([
        this.context.api.get(`${this.base}/codebook/versions`, VersionListSchema),
        this.context.api.get(`${this.base}/rounds`, RoundListSchema),
      ]);
      this.versions = versions.versions;
      this.rounds = rounds.rounds;
      const n = this.versions.length;
      // Compare the last two versions unless the reader already chose.
      if (n >= 2 && (this.from === null || this.to === null)) {
        this.from = this.versions[n - 2]!.version;
        this.to = this.versions[n - 1]!.version;
      }
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The codebook history could not be loaded.';
    }
  }

  private async record(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    try {
      const version = await this.context.api.post(
        `${this.base}/codebook/versions`,
        { note: this.note.trim() },
        CodebookVersionSchema,
      );
      this.note = '';
      this.message = `Recorded version ${version.version}.`;
      this.from = null;
      this.to = null;
      await this.load();
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The version could not be recorded.';
    }
  }

  private async compare(): Promise<void> {
    if (!this.context || this.from === null || this.to === null) return;
    if (this.from > this.to) {
      this.compareError = 'Choose the earlier version first.';
      return;
    }
    this.compareError = null;
    try {
      this.diff = await this.context.api.get(
        `${this.base}/codebook/diff?from=${this.from}&to=${this.to}`,
        CodebookDiffSchema,
      );
    } catch (err) {
      this.compareError = err instanceof ApiError ? err.message : 'The versions could not be compared.';
    }
  }

  private why(v: CodebookVersion): string {
    const round = this.rounds.find((r) => r.id === v.roundId);
    return versionReasonText(v.reason, round?.name ?? null);
  }

  override render() {
    const versions = this.versions;
    return html`<section class="card" aria-labelledby="history-title" data-testid="codebook-history">
      <h2 id="history-title">History</h2>
      ${this.message ? html`<p role="status" data-testid="history-message">${this.message}</p>` : nothing}
      ${
        this.review
          ? html`<form class="inline" @submit=${(e: SubmitEvent) => void this.record(e)}>
              <label
                >Note for a new version
                <input
                  maxlength="2000"
                  .value=${live(this.note)}
                  placeholder="After the pilot discussion"
                  @input=${(e: Event) => (this.note = (e.target as HTMLInputElement).value)}
              /></label>
              <button type="submit">Record a version</button>
            </form>`
          : nothing
      }
      ${
        versions === null
          ? html`<p class="muted">Loading…</p>`
          : versions.length === 0
            ? html`<p class="muted">No versions yet: one is recorded when a round starts, or by hand.</p>`
            : html`<div class="scroll">
                <table data-testid="versions">
                  <thead>
                    <tr>
                      <th scope="col" class="num">Version</th>
                      <th scope="col">Recorded</th>
                      <th scope="col">Why</th>
                      <th scope="col">Note</th>
                      <th scope="col" class="num">Codes</th>
                      <th scope="col"><span class="visually-hidden">Download</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${[...versions].reverse().map(
                      (v) =>
                        html`<tr data-version=${v.version}>
                          <td class="num">${v.version}</td>
                          <td>${formatDate(v.createdAt)}</td>
                          <td>${this.why(v)}</td>
                          <td>${versionNoteText(v.note)}</td>
                          <td class="num">${v.codeCount}</td>
                          <td>
                            <a
                              href="${this.base}/export/qdc?version=${v.version}"
                              download
                              aria-label="Download version ${v.version} as .qdc"
                              >.qdc</a
                            >
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
      ${versions && versions.length >= 2 ? this.renderCompare(versions) : nothing}
    </section>`;
  }

  private renderCompare(versions: readonly CodebookVersion[]) {
    const select = (label: string, value: number | null, set: (v: number) => void) =>
      html`<label
        >${label}
        <select
          aria-label=${label}
          @change=${(e: Event) => {
            set(Number((e.target as HTMLSelectElement).value));
            this.diff = null;
          }}
        >
          ${versions.map(
            (v) =>
              html`<option value=${v.version} ?selected=${v.version === value}>
                Version ${v.version} (${this.why(v)})
              </option>`,
          )}
        </select></label
      >`;
    const lines = this.diff ? diffLines(this.diff, this.codeNames) : [];
    return html`<h3>Compare</h3>
      <div class="inline" role="group" aria-label="Compare two versions">
        ${select('From', this.from, (v) => (this.from = v))} ${select('to', this.to, (v) => (this.to = v))}
        <button type="button" @click=${() => void this.compare()}>Compare</button>
      </div>
      ${this.compareError ? html`<p class="error" role="alert">${this.compareError}</p>` : nothing}
      ${
        this.diff
          ? lines.length === 0
            ? html`<p class="muted" data-testid="diff">
                No changes between version ${this.diff.from} and ${this.diff.to}.
              </p>`
            : html`<ul
                class="diff"
                data-testid="diff"
                aria-label="Changes from version ${this.diff.from} to ${this.diff.to}"
              >
                ${lines.map((l) => html`<li data-kind=${l.kind}><span class="badge">${l.kind}</span> ${l.text}</li>`)}
              </ul>`
          : nothing
      }`;
  }
}
