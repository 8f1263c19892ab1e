import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { CooccurrenceSchema, SegmentsSchema, type Cooccurrence } from '../../api/analysisSchemas.ts';
import { LiveAnalysisController } from '../../controllers/LiveAnalysisController.ts';
import {
  cooccurrenceLabel,
  cooccurrenceLegend,
  cooccurrenceScales,
  heatShade,
  maxCount,
} from '../../model/heatmap.ts';
import { overlappingPassages } from '../../model/passages.ts';
import { AnalysisViewBase } from '../cc-analysis-page/AnalysisViewBase.ts';
import { byDocumentTemplate } from '../cc-analysis-page/passages.templates.ts';

/**
 * The Co-occurrence tab: for one layer, a code × code heat map (a real table; every cell a button
 * printing its count) whose cells open, below it, the passages of either code that overlap a
 * passage of the other. Both follow the codings live.
 */
export class CcAnalysisCooccurrence extends AnalysisViewBase {
  static override properties = {
    ...AnalysisViewBase.properties,
    pair: { state: true },
  };
  /** The cell whose passages are shown. */
  declare pair: { a: string; b: string } | null;

  private readonly table = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.tableSpec() }),
    CooccurrenceSchema,
  );
  private readonly passages = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.pairSpec() }),
    SegmentsSchema,
  );

  constructor() {
    super();
    this.pair = null;
  }

  /** The layer chosen (kept in the page's URL); empty or no longer offered: see `oneLayer`. */
  private get layer(): string {
    return this.choices.cooccurrenceLayer;
  }

  private tableSpec() {
    const layer = this.oneLayer(this.layer);
    if (!this.active || !layer) return null;
    const path = this.paths.cooccurrence(layer);
    return this.paths.live('cooccurrence', path);
  }

  private pairSpec() {
    const layer = this.oneLayer(this.layer);
    if (!this.active || !this.pair || !layer) return null;
    const { a, b } = this.pair;
    const path = this.paths.segments({
      codes: a === b ? [a] : [a, b],
      // The table counts codings of exactly these codes.
      children: false,
      layers: [layer],
      documents: [],
      attributes: [],
    });
    return this.paths.live('segments', path);
  }

  override render() {
    if (this.hiddenView) return this.hiddenView;
    const waiting = this.renderState(this.table, 'The co-occurrence table');
    return html`<div class="card controls">
        ${this.layerPicker(this.layer, (layer) => {
          this.choose({ cooccurrenceLayer: layer });
          this.pair = null;
        })}
        <p class="muted">
          Each cell counts the pairs of codings of two codes that share at least one character in the same
          document; the diagonal counts each code’s codings. Choose a cell to read the passages.
        </p>
        ${this.renderLiveStatus(this.table)}
      </div>
      ${waiting ?? (this.table.result ? this.renderTable(this.table.result) : nothing)} ${this.renderPair()}
      ${this.renderMessage()}`;
  }

  private renderTable(answer: Cooccurrence): TemplateResult {
    if (answer.codes.length === 0 || maxCount(answer.counts) === 0) {
      return html`<p class="card empty" data-testid="cooccurrence-empty">
        No codings in this layer yet. Code passages in a document; codes applied to overlapping passages show
        here.
      </p>`;
    }
    // The diagonal (codings) is shaded on its own scale, in its own colour: on one scale it would
    // pale every pair; the legend says which is which.
    const scales = cooccurrenceScales(answer.counts);
    return html`<div class="table-scroll card">
      <ul class="legend" data-testid="heat-legend" aria-label="Colour scales">
        ${cooccurrenceLegend(scales).map(
          (entry) =>
            html`<li>
              <span
                class="ramp"
                style=${styleMap({ background: `linear-gradient(to right, ${entry.from}, ${entry.to})` })}
              ></span
              >${entry.text}
            </li>`,
        )}
      </ul>
      <table
        class="heat"
        data-testid="cooccurrence"
        @keydown=${(e: KeyboardEvent) => this.onGridKey(e, answer.codes.length, answer.codes.length)}
      >
        <caption>
          Overlapping codings by code
        </caption>
        <thead>
          <tr>
            <td></td>
            ${answer.codes.map((c) => html`<th scope="col">${this.codeName(c)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${answer.codes.map(
            (a, i) =>
              html`<tr>
                <th scope="row">${this.codeName(a)}</th>
                ${answer.codes.map((b, j) => {
                  const count = answer.counts[i]?.[j] ?? 0;
                  const same = i === j;
                  const shade = same
                    ? heatShade(count, scales.codings, 'grey')
                    : heatShade(count, scales.pairs);
                  return html`<td>
                    <button
                      type="button"
                      class="cell ${same ? 'diagonal' : ''}"
                      style=${styleMap({ background: shade.background, color: shade.color })}
                      aria-label=${cooccurrenceLabel(this.codeName(a), this.codeName(b), count, same)}
                      aria-pressed=${String(this.pair?.a === a && this.pair.b === b)}
                      data-row=${i}
                      data-col=${j}
                      tabindex=${this.cellTabIndex(i, j, answer.codes.length, answer.codes.length)}
                      @click=${() => {
                        this.pair = { a, b };
                        this.gridFocus = { row: i, col: j };
                      }}
                    >
                      ${count}
                    </button>
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderPair(): TemplateResult | typeof nothing {
    if (!this.pair) return nothing;
    const { a, b } = this.pair;
    const title = a === b ? this.codeName(a) : `${this.codeName(a)} and ${this.codeName(b)}`;
    const waiting = this.renderState(this.passages, 'The passages');
    const found = this.passages.result ? overlappingPassages(this.passages.result.segments, a, b) : [];
    return html`<section class="card" data-testid="pair-passages" aria-live="polite">
      <h2>${title}</h2>
      ${
        waiting ??
        (found.length === 0
          ? html`<p class="empty">
              ${
                a === b
                  ? `No passages coded with ${title} in this layer yet.`
                  : `No passages coded with both ${title} overlap in this layer yet.`
              }
            </p>`
          : byDocumentTemplate(found, this.passageView()))
      }
    </section>`;
  }
}
