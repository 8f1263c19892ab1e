import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { MatrixSchema, SegmentsSchema, type Matrix } from '../../api/analysisSchemas.ts';
import { LiveAnalysisController } from '../../controllers/LiveAnalysisController.ts';
import {
  attributeNames,
  matrixCellFilters,
  matrixColumnsParam,
  type MatrixColumns,
} from '../../model/analysisQuery.ts';
import { heatShade, matrixCellLabel, matrixCellText, maxCount } from '../../model/heatmap.ts';
import { AnalysisViewBase } from '../cc-analysis-page/AnalysisViewBase.ts';
import { byDocumentTemplate } from '../cc-analysis-page/passages.templates.ts';

/**
 * The Matrix tab: for one layer, codes × documents or × the values of a document attribute, each
 * cell "codings in documents" on a heat map; a cell opens that code's passages in that column;
 * "Download CSV" saves the matrix. Live.
 */
export class CcAnalysisMatrix extends AnalysisViewBase {
  static override properties = {
    ...AnalysisViewBase.properties,
    cell: { state: true },
  };
  /** The cell whose passages are shown. */
  declare cell: { code: string; key: string; label: string } | null;

  private readonly matrix = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.matrixSpec() }),
    MatrixSchema,
  );
  private readonly passages = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.cellSpec() }),
    SegmentsSchema,
  );

  constructor() {
    super();
    this.cell = null;
  }

  /** The layer chosen (kept in the page's URL); empty or no longer offered: see `oneLayer`. */
  private get layer(): string {
    return this.choices.matrixLayer;
  }

  private get columns(): MatrixColumns {
    return this.choices.columns;
  }

  private matrixSpec() {
    const layer = this.oneLayer(this.layer);
    if (!this.active || !layer) return null;
    const path = this.paths.matrix(layer, this.columns);
    return this.paths.live('matrix', path);
  }

  private cellSpec() {
    const layer = this.oneLayer(this.layer);
    if (!this.active || !this.cell || !layer) return null;
    const path = this.paths.segments(matrixCellFilters(this.cell.code, layer, this.columns, this.cell.key));
    return this.paths.live('segments', path);
  }

  override render() {
    if (this.hiddenView) return this.hiddenView;
    const names = attributeNames(this.project!.documents);
    const chosen = matrixColumnsParam(this.columns);
    const layer = this.oneLayer(this.layer);
    const waiting = this.renderState(this.matrix, 'The matrix');
    return html`<div class="card controls">
        ${this.layerPicker(this.layer, (l) => {
          this.choose({ matrixLayer: l });
          this.cell = null;
        })}
        <label class="field"
          >Columns
          <select
            @change=${(e: Event) => {
              const value = (e.target as HTMLSelectElement).value;
              this.choose({
                columns:
                  value === 'documents'
                    ? { by: 'documents' }
                    : { by: 'attribute', name: value.slice('attribute:'.length) },
              });
              this.cell = null;
            }}
          >
            <option value="documents" ?selected=${chosen === 'documents'}>Documents</option>
            ${names.map(
              (n) =>
                html`<option value="attribute:${n}" ?selected=${chosen === `attribute:${n}`}>
                  Attribute: ${n}
                </option>`,
            )}
          </select></label
        >
        <button
          type="button"
          ?disabled=${!layer}
          @click=${() => void this.download(this.paths.matrixExport(layer, this.columns), 'matrix.csv')}
        >
          Download CSV
        </button>
        <span class="spacer"></span>
        ${this.renderLiveStatus(this.matrix)}
      </div>
      ${waiting ?? (this.matrix.result ? this.renderTable(this.matrix.result) : nothing)} ${this.renderCell()}
      ${this.renderMessage()}`;
  }

  private renderTable(answer: Matrix): TemplateResult {
    if (answer.rows.length === 0 || answer.columns.length === 0) {
      return html`<p class="card empty" data-testid="matrix-empty">
        ${
          answer.rows.length === 0
            ? 'The codebook is empty. Add codes on the Codebook page.'
            : this.columns.by === 'documents'
              ? 'This project has no documents yet. Import transcripts on the project page.'
              : `No document has the attribute ${this.columns.name} yet. Add it on the project page (“Show attributes”).`
        }
      </p>`;
    }
    const max = maxCount(answer.cells.map((row) => row.map((c) => c.codings)));
    const by = this.columns.by === 'documents' ? 'document' : this.columns.name;
    return html`<div class="table-scroll card">
      <table
        class="heat"
        data-testid="matrix"
        @keydown=${(e: KeyboardEvent) => this.onGridKey(e, answer.rows.length, answer.columns.length)}
      >
        <caption>
          Codings by code and ${by} (codings in documents)
        </caption>
        <thead>
          <tr>
            <td></td>
            ${answer.columns.map((c) => html`<th scope="col">${c.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${answer.rows.map(
            (code, i) =>
              html`<tr>
                <th scope="row">${this.codeName(code)}</th>
                ${answer.columns.map((column, j) => {
                  const cell = answer.cells[i]?.[j] ?? { codings: 0, documents: 0 };
                  const shade = heatShade(cell.codings, max);
                  return html`<td>
                    <button
                      type="button"
                      class="cell"
                      style=${styleMap({ background: shade.background, color: shade.color })}
                      aria-label=${matrixCellLabel(this.codeName(code), column.label, cell)}
                      aria-pressed=${String(this.cell?.code === code && this.cell.key === column.key)}
                      data-row=${i}
                      data-col=${j}
                      tabindex=${this.cellTabIndex(i, j, answer.rows.length, answer.columns.length)}
                      @click=${() => {
                        this.cell = { code, key: column.key, label: column.label };
                        this.gridFocus = { row: i, col: j };
                      }}
                    >
                      ${matrixCellText(cell)}
                    </button>
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCell(): TemplateResult | typeof nothing {
    if (!this.cell) return nothing;
    const title = `${this.codeName(this.cell.code)} in ${this.cell.label}`;
    const waiting = this.renderState(this.passages, 'The passages');
    const found = this.passages.result?.segments ?? [];
    return html`<section class="card" data-testid="cell-passages" aria-live="polite">
      <h2>${title}</h2>
      ${
        waiting ??
        (found.length === 0
          ? html`<p class="empty">No passages coded with ${title} in this layer yet.</p>`
          : byDocumentTemplate(found, this.passageView()))
      }
    </section>`;
  }
}
