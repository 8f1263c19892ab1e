import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: grid;
      gap: 10px;
      min-width: 0;
    }
    .note {
      margin: 0;
      font-weight: 600;
    }
    .unit {
      margin: 0;
      font-size: 13px;
    }
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
      gap: 8px;
    }
    .figure {
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 8px 10px;
    }
    .label,
    .band,
    .ci {
      font-size: 12px;
      color: var(--cc-muted);
    }
    .value {
      font-size: 20px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    /* Wide tables scroll inside their card, never the page. */
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    tr.paradox td {
      font-size: 13px;
      color: var(--cc-muted);
    }
    .intra {
      display: grid;
      gap: 6px;
      min-width: 0;
    }
    .intra h4 {
      margin: 6px 0 0;
    }
    .intra th[scope='row'] {
      font-weight: normal;
      text-align: left;
    }
    .notes {
      margin: 0;
      padding-left: 18px;
      font-size: 13px;
      color: var(--cc-muted);
    }
  `,
];
