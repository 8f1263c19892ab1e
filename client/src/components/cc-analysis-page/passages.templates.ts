/**
 * How the analysis page shows coded passages: each with its context (before and after dimmed, the
 * passage itself highlighted), code chip, coder, citation and "Open in document"; grouped by
 * document, or side by side with a column per coder.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Segment } from '../../api/analysisSchemas.ts';
import { compareByCoder, contextCuts, groupByDocument } from '../../model/passages.ts';

/** What the templates need from the page. */
export interface PassageView {
  codeName(id: string): string;
  codeColor(id: string): string;
  layerName(layer: string): string;
  citation(passage: Segment): string;
  open(passage: Segment): void;
  /** When the passage was spoken and a button that plays it, or nothing for untimed documents. */
  time(passage: Segment): TemplateResult | typeof nothing;
}

/** One passage. */
export function passageTemplate(p: Segment, h: PassageView, showCoder = true): TemplateResult {
  // The context is at most 200 code points either side: "…" says the text goes on past it.
  const cut = contextCuts(p);
  return html`<article class="passage" data-testid="passage" data-coding=${p.codingId} data-layer=${p.layer}>
    <p class="quote">
      ${cut.before ? html`<span class="context">…</span>` : nothing}<span class="context">${p.before}</span
      ><mark>${p.text}</mark
      ><span class="context">${p.after}</span>${cut.after ? html`<span class="context">…</span>` : nothing}
    </p>
    ${p.memo ? html`<p class="memo"><span class="muted">Memo:</span> ${p.memo}</p>` : nothing}
    <div class="meta">
      <span class="code-chip"
        ><span class="swatch" style=${styleMap({ background: h.codeColor(p.codeId) })}></span>${h.codeName(
          p.codeId,
        )}</span
      >
      ${showCoder ? html`<span class="coder">${h.layerName(p.layer)}</span>` : nothing}
      <cite>${h.citation(p)}</cite>
      ${h.time(p)}
      <button type="button" class="link" @click=${() => h.open(p)}>Open in document</button>
    </div>
  </article>`;
}

/** Passages under a heading per document. */
export function byDocumentTemplate(passages: readonly Segment[], h: PassageView): TemplateResult {
  return html`${groupByDocument(passages).map(
    (group) =>
      html`<section class="document-group" data-testid="document-group">
        <h3>${group.documentTitle} <span class="muted">(${group.passages.length})</span></h3>
        ${group.passages.map((p) => passageTemplate(p, h))}
      </section>`,
  )}`;
}

/** Passages side by side: a column per coder, a row per document. */
export function byCoderTemplate(
  passages: readonly Segment[],
  layers: readonly string[],
  h: PassageView,
): TemplateResult {
  const comparison = compareByCoder(passages, layers);
  return html`<div class="table-scroll">
    <table class="compare" data-testid="compare">
      <caption class="visually-hidden">
        Passages by document and coder
      </caption>
      <thead>
        <tr>
          <th scope="col">Document</th>
          ${comparison.layers.map((l) => html`<th scope="col" data-layer=${l}>${h.layerName(l)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${comparison.rows.map(
          (row) =>
            html`<tr>
              <th scope="row">${row.documentTitle}</th>
              ${row.cells.map(
                (cell) =>
                  html`<td>
                    ${cell.length === 0 ? html`<span class="muted">None</span>` : cell.map((p) => passageTemplate(p, h, false))}
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
