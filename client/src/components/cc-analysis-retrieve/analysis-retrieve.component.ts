import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { SegmentsSchema } from '../../api/analysisSchemas.ts';
import { LiveAnalysisController } from '../../controllers/LiveAnalysisController.ts';
import { codeOutline } from '../../model/analysisChoices.ts';
import {
  attributeNames,
  attributeValues,
  type RetrievalFilters,
  type RetrievalFormat,
} from '../../model/analysisQuery.ts';
import { AnalysisViewBase } from '../cc-analysis-page/AnalysisViewBase.ts';
import { byCoderTemplate, byDocumentTemplate } from '../cc-analysis-page/passages.templates.ts';

/** Most passages the page shows at once: more would slow the page; the downloads hold them all. */
const SHOWN_PASSAGES = 500;

const FORMATS: { format: RetrievalFormat; label: string; extension: string }[] = [
  { format: 'csv', label: 'CSV', extension: 'csv' },
  { format: 'md', label: 'Markdown', extension: 'md' },
  { format: 'docx', label: 'Word', extension: 'docx' },
];

/**
 * The Retrieve tab: pick codes or a theme (with their sub-codes), coders, a document and an
 * attribute value; every passage coded with them, live, grouped by document or side by side by
 * coder, each with "Open in document"; the retrieval downloads as CSV, Markdown or Word.
 */
export class CcAnalysisRetrieve extends AnalysisViewBase {
  // The choices live in the page's URL (see `AnalysisChoices`); these read them.
  private get chosenCodes(): readonly string[] {
    // A code deleted since the link was made is not asked for: the server would refuse it.
    return this.codes.length === 0
      ? []
      : this.choices.codes.filter((id) => this.codes.some((c) => c.id === id));
  }
  private get subCodes(): boolean {
    return this.choices.subCodes;
  }
  private get hiddenLayers(): readonly string[] {
    return this.choices.hiddenLayers;
  }
  private get documentFilter(): string {
    // A document deleted since the link was made: all documents, as the picker then shows.
    return this.project?.documents.some((d) => d.id === this.choices.document) ? this.choices.document : '';
  }
  private get attributeName(): string {
    return this.choices.attributeName;
  }
  private get attributeValue(): string {
    return this.choices.attributeValue;
  }
  private get groupBy(): 'document' | 'coder' {
    return this.choices.groupBy;
  }

  private readonly retrieval = new LiveAnalysisController(
    this,
    () => ({ api: this.context?.api ?? null, spec: this.spec() }),
    SegmentsSchema,
  );

  private get noLayerTicked(): boolean {
    return this.layers.length > 0 && this.layers.every((l) => this.hiddenLayers.includes(l.id));
  }

  private filters(): RetrievalFilters {
    const all = this.layers.map((l) => l.id);
    const shown = all.filter((l) => !this.hiddenLayers.includes(l));
    return {
      codes: this.chosenCodes,
      children: this.subCodes,
      // Every layer ticked: leave the choice to the server (every layer the user may see).
      layers: shown.length === all.length ? [] : shown,
      documents: this.documentFilter ? [this.documentFilter] : [],
      attributes:
        this.attributeName && this.attributeValue
          ? [{ name: this.attributeName, value: this.attributeValue }]
          : [],
    };
  }

  private spec() {
    if (!this.active || !this.project || this.chosenCodes.length === 0 || this.noLayerTicked) return null;
    const path = this.paths.segments(this.filters(), SHOWN_PASSAGES);
    return this.paths.live('segments', path);
  }

  private toggleCode(id: string, on: boolean): void {
    const codes = this.chosenCodes.filter((c) => c !== id);
    this.choose({ codes: on ? [...codes, id] : codes });
  }

  private toggleLayer(id: string, on: boolean): void {
    const hidden = this.hiddenLayers.filter((l) => l !== id);
    this.choose({ hiddenLayers: on ? hidden : [...hidden, id] });
  }

  override render() {
    if (this.hiddenView) return this.hiddenView;
    return html`<div class="row view-head">
        <span class="spacer"></span>${this.renderLiveStatus(this.retrieval)}
      </div>
      <div class="retrieve">
        ${this.renderFilters()}
        <div class="results">${this.renderResults()} ${this.renderMessage()}</div>
      </div>`;
  }

  private renderFilters(): TemplateResult {
    const state = this.project!;
    const outline = codeOutline(this.codes);
    const names = attributeNames(state.documents);
    const values = this.attributeName ? attributeValues(state.documents, this.attributeName) : [];
    const select = (e: Event) => (e.target as HTMLSelectElement).value;
    return html`<form
      class="card filters"
      @submit=${(e: Event) => e.preventDefault()}
      aria-label="What to retrieve"
    >
      <fieldset class="codes">
        <legend>Codes and themes</legend>
        ${
          outline.length === 0
            ? html`<p class="muted">
                The codebook is empty. Add themes and codes on the
                <a href="/projects/${state.project.id}/codebook">Codebook</a> page.
              </p>`
            : html`<ul class="outline" data-testid="code-picker">
                ${outline.map(
                  ({ code, depth, hasChildren }) =>
                    html`<li style=${styleMap({ paddingLeft: `${depth * 16}px` })}>
                      <label
                        ><input
                          type="checkbox"
                          .checked=${this.chosenCodes.includes(code.id)}
                          @change=${(e: Event) => this.toggleCode(code.id, (e.target as HTMLInputElement).checked)}
                        /><span class="swatch" style=${styleMap({ background: code.color })}></span
                        ><span class=${hasChildren ? 'theme' : ''}>${code.name}</span></label
                      >
                    </li>`,
                )}
              </ul>`
        }
        <label class="check"
          ><input
            type="checkbox"
            .checked=${this.subCodes}
            @change=${(e: Event) => this.choose({ subCodes: (e.target as HTMLInputElement).checked })}
          />Include sub-codes</label
        >
      </fieldset>
      <fieldset>
        <legend>Coders</legend>
        ${this.layers.map(
          (layer) =>
            html`<label class="check"
              ><input
                type="checkbox"
                .checked=${!this.hiddenLayers.includes(layer.id)}
                @change=${(e: Event) => this.toggleLayer(layer.id, (e.target as HTMLInputElement).checked)}
              />${layer.label}</label
            >`,
        )}
      </fieldset>
      <fieldset>
        <legend>Documents</legend>
        <label class="field"
          >Document
          <select @change=${(e: Event) => this.choose({ document: select(e) })}>
            <option value="" ?selected=${this.documentFilter === ''}>All documents</option>
            ${state.documents.map(
              (d) =>
                html`<option value=${d.id} ?selected=${this.documentFilter === d.id}>${d.title}</option>`,
            )}
          </select></label
        >
        ${
          names.length === 0
            ? nothing
            : html`<label class="field"
                  >Attribute
                  <select
                    @change=${(e: Event) => this.choose({ attributeName: select(e), attributeValue: '' })}
                  >
                    <option value="" ?selected=${this.attributeName === ''}>Any</option>
                    ${names.map((n) => html`<option value=${n} ?selected=${this.attributeName === n}>${n}</option>`)}
                  </select></label
                >
                ${
                  this.attributeName
                    ? html`<label class="field"
                        >Value
                        <select @change=${(e: Event) => this.choose({ attributeValue: select(e) })}>
                          <option value="" ?selected=${this.attributeValue === ''}>Any</option>
                          ${values.map(
                            (v) =>
                              html`<option value=${v} ?selected=${this.attributeValue === v}>${v}</option>`,
                          )}
                        </select></label
                      >`
                    : nothing
                }`
        }
      </fieldset>
    </form>`;
  }

  private renderResults(): TemplateResult {
    if (this.chosenCodes.length === 0) {
      return html`<p class="card empty" data-testid="retrieve-empty">
        Pick one or more codes, or a theme, to see every passage coded with them.
      </p>`;
    }
    if (this.noLayerTicked)
      return html`<p class="card empty">Tick at least one coder to see their passages.</p>`;
    const waiting = this.renderState(this.retrieval, 'The passages');
    if (waiting) return waiting;
    const answer = this.retrieval.result!;
    const chosen = this.chosenCodes.map(this.codeName).join(', ');
    const f = this.filters();
    const narrowed = f.layers.length > 0 || f.documents.length > 0 || f.attributes.length > 0;
    return html`<div class="row wrap-row toolbar">
        <h2 data-testid="retrieve-total">${answer.total} ${answer.total === 1 ? 'passage' : 'passages'}</h2>
        <span class="spacer"></span>
        <div role="group" aria-label="Group passages" class="segmented">
          <button
            type="button"
            aria-pressed=${String(this.groupBy === 'document')}
            @click=${() => this.choose({ groupBy: 'document' })}
          >
            By document
          </button>
          <button
            type="button"
            aria-pressed=${String(this.groupBy === 'coder')}
            @click=${() => this.choose({ groupBy: 'coder' })}
          >
            By coder, side by side
          </button>
        </div>
        <div role="group" aria-label="Download the passages" class="downloads">
          ${FORMATS.map(
            ({ format, label, extension }) =>
              html`<button
                type="button"
                @click=${() => void this.download(this.paths.segmentsExport(f, format), `passages.${extension}`)}
              >
                ${label}
              </button>`,
          )}
        </div>
      </div>
      ${
        answer.segments.length === 0
          ? html`<p class="card empty" data-testid="retrieve-none">
              No passages coded with ${chosen} yet${narrowed ? ' in the documents and coders chosen' : ''}.
              Code passages in a document, or widen the filters.
            </p>`
          : this.groupBy === 'document'
            ? byDocumentTemplate(answer.segments, this.passageView())
            : byCoderTemplate(
                answer.segments,
                this.layers.map((l) => l.id),
                this.passageView(),
              )
      }
      ${
        answer.total > answer.segments.length
          ? html`<p class="muted">
              Showing the first ${answer.segments.length} of ${answer.total}; the downloads hold them all.
            </p>`
          : nothing
      }`;
  }
}
