import { LitElement, html, nothing } from 'lit';
import { z } from 'zod';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import {
  AUDIT_KINDS,
  AUDIT_KIND_LABELS,
  auditActors,
  describeAudit,
  filterAudit,
  type AuditFilter,
  type AuditKind,
  type AuditLine,
} from '../../model/auditText.ts';
import { AuditEntryViewSchema } from '../../../../shared/schemas.ts';
import styles from './audit-log.styles.ts';

/** How many entries the table reads (the newest); filtering happens here, over these. */
const LIMIT = 1000;

/**
 * A project's audit log (owners) as a table of sentences, newest first, filterable by kind of
 * action, by person and by words. The server answers the newest {@link LIMIT} entries with names;
 * filtering is done in the page, so it answers as one types.
 */
export class CcAuditLog extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    lines: { state: true },
    filter: { state: true },
    error: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare lines: AuditLine[] | null;
  declare filter: AuditFilter;
  declare error: string | null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.lines = null;
    this.filter = { kind: '', actorId: '', text: '' };
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Reads the log again (after a change made on the page, so it shows at once). */
  async reload(): Promise<void> {
    if (!this.context || !this.projectId) return;
    try {
      const entries = await this.context.api.get(
        `/api/projects/${this.projectId}/audit?limit=${LIMIT}`,
        z.array(AuditEntryViewSchema),
      );
      this.lines = entries.map(describeAudit);
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The log could not be read.';
    }
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const lines = this.lines;
    if (!lines) return html`<p class="muted">Loading…</p>`;
    const shown = filterAudit(lines, this.filter);
    return html`<div class="filters" role="search" aria-label="Filter the log">
        <label
          >What
          <select
            aria-label="What"
            .value=${this.filter.kind}
            @change=${(e: Event) =>
              (this.filter = {
                ...this.filter,
                kind: (e.target as HTMLSelectElement).value as AuditKind | '',
              })}
          >
            <option value="">Everything</option>
            ${AUDIT_KINDS.map((k) => html`<option value=${k}>${AUDIT_KIND_LABELS[k]}</option>`)}
          </select>
        </label>
        <label
          >Who
          <select
            aria-label="Who"
            .value=${this.filter.actorId}
            @change=${(e: Event) =>
              (this.filter = { ...this.filter, actorId: (e.target as HTMLSelectElement).value })}
          >
            <option value="">Anyone</option>
            ${auditActors(lines).map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select>
        </label>
        <label
          >Containing
          <input
            type="search"
            .value=${this.filter.text}
            @input=${(e: Event) => (this.filter = { ...this.filter, text: (e.target as HTMLInputElement).value })}
          />
        </label>
      </div>
      <p class="muted" role="status">
        ${shown.length === lines.length ? `${lines.length} entries` : `${shown.length} of ${lines.length} entries`}
      </p>
      ${
        shown.length === 0
          ? nothing
          : html`<div class="scroll" tabindex="0" role="region" aria-label="Audit log entries">
              <table data-testid="audit-log">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What happened</th>
                  </tr>
                </thead>
                <tbody>
                  ${shown.map(
                    (l) =>
                      html`<tr data-kind=${l.kind}>
                        <td class="time"><time datetime=${l.at}>${new Date(l.at).toLocaleString()}</time></td>
                        <td>${l.actor}</td>
                        <td>${l.text}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`;
  }
}
