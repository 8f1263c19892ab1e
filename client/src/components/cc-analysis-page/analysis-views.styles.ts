import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

/** The analysis views' styles: filters, passages, heat-map tables (see `AnalysisViewBase`). */
export default [
  sharedStyles,
  css`
    :host {
      display: grid;
      gap: 14px;
      min-width: 0;
    }
    /* A view that is not the open tab takes no room in the panel. */
    :host(:not([active])) {
      display: none;
    }
    h2 {
      margin: 0;
    }
    .live {
      font-size: 13px;
      color: var(--cc-muted);
    }
    .message:empty {
      display: none;
    }
    .retrieve {
      display: grid;
      grid-template-columns: minmax(220px, 300px) minmax(0, 1fr);
      gap: 14px;
      align-items: start;
    }
    /* Narrow windows (800 px and less): the filters go above the passages. */
    @media (max-width: 900px) {
      .retrieve {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .filters {
      display: grid;
      gap: 12px;
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 6px;
      min-width: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: 4px;
    }
    .outline {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 320px;
      overflow: auto;
    }
    .outline label,
    .check {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    .theme {
      font-weight: 600;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      flex: none;
      border: 1px solid rgba(0, 0, 0, 0.25);
    }
    .results {
      display: grid;
      gap: 12px;
      min-width: 0;
    }
    .toolbar {
      gap: 8px;
    }
    .wrap-row {
      flex-wrap: wrap;
    }
    .segmented,
    .downloads {
      display: flex;
      gap: 4px;
      flex-wrap: wrap;
    }
    [aria-pressed='true'] {
      border-color: var(--cc-accent);
      box-shadow: inset 0 0 0 1px var(--cc-accent);
    }
    .document-group {
      display: grid;
      gap: 8px;
    }
    .document-group h3 {
      margin: 8px 0 0;
    }
    .passage {
      background: var(--cc-surface);
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 10px 12px;
      display: grid;
      gap: 6px;
      overflow-wrap: anywhere;
    }
    .quote {
      margin: 0;
      line-height: 1.5;
    }
    /* The transcript's own line breaks show; the template's indentation around them does not. */
    .quote > span,
    .quote > mark {
      white-space: pre-wrap;
    }
    .context {
      color: var(--cc-muted);
    }
    mark {
      background: #fff1a8;
      color: var(--cc-text);
      padding: 0 1px;
    }
    .memo {
      margin: 0;
      font-size: 13px;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 6px 12px;
      align-items: center;
      font-size: 13px;
    }
    .code-chip {
      display: inline-flex;
      gap: 5px;
      align-items: center;
      border: 1px solid var(--cc-border);
      border-radius: 999px;
      padding: 1px 8px;
    }
    cite {
      font-style: normal;
      color: var(--cc-muted);
    }
    button.link {
      border: none;
      background: none;
      color: var(--cc-accent);
      text-decoration: underline;
      padding: 0;
    }
    .compare td {
      min-width: 240px;
    }
    .compare td .passage + .passage {
      margin-top: 8px;
    }
    .controls {
      display: flex;
      gap: 16px;
      align-items: end;
      flex-wrap: wrap;
    }
    .controls p {
      margin: 0;
      flex: 1 1 260px;
    }
    .heat caption {
      text-align: left;
      font-weight: 600;
      margin-bottom: 8px;
    }
    .heat th[scope='col'] {
      max-width: 140px;
      vertical-align: bottom;
    }
    .heat td {
      padding: 2px;
    }
    /* Code names stay in sight while a wide table scrolls sideways. */
    .heat th[scope='row'] {
      position: sticky;
      left: 0;
      background: var(--cc-surface);
      z-index: 1;
    }
    .heat .cell {
      min-width: 56px;
      white-space: nowrap;
      width: 100%;
      border: 1px solid var(--cc-border);
      font-variant-numeric: tabular-nums;
    }
    .heat .diagonal {
      font-style: italic;
    }
    .legend {
      list-style: none;
      margin: 0 0 8px;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      font-size: 0.875rem;
    }
    .legend li {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .legend .ramp {
      display: inline-block;
      width: 48px;
      height: 12px;
      border: 1px solid var(--cc-border);
      border-radius: 2px;
    }
    .empty {
      color: var(--cc-muted);
    }
  `,
];
