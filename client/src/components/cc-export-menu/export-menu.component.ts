import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import { downloadFile } from '../../api/download.ts';
import type { ProjectWithRole } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import type { Permissions } from '../../model/permissions.ts';
import { ExportLayersSchema } from '../../../../shared/interchange/api.ts';
import {
  noQuoteLayers,
  PROJECT_EXPORTS,
  QUOTE_FORMATS,
  quoteLayers,
  quotesPath,
  type LayerChoice,
} from '../../model/exports.ts';
import styles from './export-menu.styles.ts';

/**
 * The project page's Export menu: a button opening a panel with the REFI-QDA project and
 * codebook, the codings as CSV and Excel, the illustrative-quotes table (Markdown, HTML, Word) for
 * a layer chosen by coder name or the consensus (only layers with codings are offered; the list
 * is asked of the server each time the panel opens), and the way to the agreement report. Files are
 * named after the project by the server. Escape, or a click elsewhere, closes the panel and
 * returns focus to the button.
 */
export class CcExportMenu extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    project: { attribute: false },
    permissions: { attribute: false },
    expanded: { state: true },
    layer: { state: true },
    layers: { state: true },
    status: { state: true },
    error: { state: true },
  };
  declare context: AppContext | null;
  declare project: ProjectWithRole | null;
  declare permissions: Permissions | null;
  declare expanded: boolean;
  /** The chosen layer for quotes (a coder's id or `consensus`); null: the first on offer. */
  declare layer: string | null;
  /** The layers with codings on offer; null while they are being asked for. */
  declare layers: LayerChoice[] | null;
  declare status: string;
  declare error: string;

  constructor() {
    super();
    this.context = null;
    this.project = null;
    this.permissions = null;
    this.expanded = false;
    this.layer = null;
    this.layers = null;
    this.status = '';
    this.error = '';
  }

  private readonly onOutside = (e: PointerEvent): void => {
    if (this.expanded && !e.composedPath().includes(this)) this.expanded = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside);
  }

  private get chosenLayer(): LayerChoice | null {
    const layers = this.layers ?? [];
    return layers.find((l) => l.id === this.layer) ?? layers[0] ?? null;
  }

  /** Asks which layers hold codings now: coding goes on while the page is open. */
  private async loadLayers(): Promise<void> {
    const api = this.context?.api;
    if (!api || !this.project) return;
    this.layers = null;
    try {
      const { layers } = await api.get(`/api/projects/${this.project.id}/export/layers`, ExportLayersSchema);
      this.layers = quoteLayers(layers);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.layers = [];
      this.error = `The coding layers could not be listed: ${err.message}.`;
    }
  }

  private toggle(): void {
    this.expanded = !this.expanded;
    if (this.expanded) {
      this.status = '';
      this.error = '';
      void this.loadLayers();
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('#export-panel button, #export-panel select')?.focus(),
      );
    }
  }

  private closeMenu(): void {
    this.expanded = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.menu-button')?.focus());
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.expanded) {
      e.stopPropagation();
      this.closeMenu();
    }
  }

  private async download(path: string, fallback: string, layer?: LayerChoice): Promise<void> {
    if (!this.project) return;
    this.status = 'Preparing the file…';
    this.error = '';
    try {
      const name = await downloadFile(
        `/api/projects/${this.project.id}/${path}`,
        fallback,
        this.renderRoot,
        this.context?.api,
      );
      this.status = `Downloaded ${name}.`;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.status = '';
      this.error =
        layer && err.status === 404
          ? `${layer.label} has no codings in this project yet, so there are no quotes to export.`
          : `The file could not be made: ${err.message}.`;
    }
  }

  override render() {
    const project = this.project;
    if (!project) return nothing;
    return html`<div class="menu" @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      <button
        type="button"
        class="menu-button"
        aria-haspopup="dialog"
        aria-expanded=${String(this.expanded)}
        aria-controls="export-panel"
        @click=${() => this.toggle()}
      >
        Export ▾
      </button>
      ${this.expanded ? this.renderPanel(project) : nothing}
    </div>`;
  }

  private renderPanel(project: ProjectWithRole) {
    const layers = this.layers;
    const chosen = this.chosenLayer;
    const base = project.name || 'project';
    return html`<div id="export-panel" class="panel card" role="dialog" aria-label="Export">
      <h2 class="visually-hidden">Export</h2>
      <ul class="items" aria-label="Project files">
        ${PROJECT_EXPORTS.map(
          (item) =>
            html`<li>
              <button
                type="button"
                data-export=${item.id}
                @click=${() => void this.download(item.path, `${base}.${item.id}`)}
              >
                ${item.label}
              </button>
            </li>`,
        )}
      </ul>
      <fieldset class="quotes">
        <legend>Illustrative quotes, by theme and code</legend>
        ${
          layers === null
            ? html`<p class="muted" data-testid="quotes-layers-loading">Looking for coded layers…</p>`
            : layers.length === 0
              ? html`<p class="muted" data-testid="quotes-none">
                  ${noQuoteLayers(this.permissions?.seesAllLayers ?? false)}
                </p>`
              : html`<label
                    >From the codings of
                    <select
                      aria-label="From the codings of"
                      data-testid="quotes-layer"
                      @change=${(e: Event) => (this.layer = (e.target as HTMLSelectElement).value)}
                    >
                      ${layers.map(
                        (l) =>
                          html`<option value=${l.id} ?selected=${l.id === chosen?.id}>${l.label}</option>`,
                      )}
                    </select></label
                  >
                  <div class="formats" role="group" aria-label="Quotes table format">
                    ${QUOTE_FORMATS.map(
                      (f) =>
                        html`<button
                          type="button"
                          data-export="quotes-${f.format}"
                          @click=${() =>
                            chosen &&
                            void this.download(
                              quotesPath(f.format, chosen.id),
                              `${base}-quotes.${f.format}`,
                              chosen,
                            )}
                        >
                          ${f.label}
                        </button>`,
                    )}
                  </div>`
        }
      </fieldset>
      <p class="agreement">
        ${
          this.permissions?.seesAllLayers
            ? html`<a href="/projects/${project.id}/agreement" data-testid="agreement-report-link"
                  >Agreement report (HTML, CSV, JSON)</a
                >
                <span class="muted"
                  >— on the agreement page, with the unit and options you choose there.</span
                >`
            : html`<span class="muted">The agreement report is hidden while the round is blind.</span>`
        }
      </p>
      <p role="status" data-testid="export-status">${this.status}</p>
      ${this.error ? html`<p class="error" role="alert" data-testid="export-error">${this.error}</p>` : nothing}
    </div>`;
  }
}
