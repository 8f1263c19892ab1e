import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow: auto;
      padding: 16px 24px 32px;
    }
    .wrap {
      max-width: 1220px;
      margin: 0 auto;
      display: grid;
      gap: 14px;
    }
    .controls {
      display: flex;
      gap: 16px;
      align-items: end;
      flex-wrap: wrap;
    }
    .wrap-row {
      flex-wrap: wrap;
    }
    .downloads h2 {
      margin-bottom: 8px;
    }
    .downloads p {
      margin: 8px 0 0;
    }
    .controls label {
      font-size: 13px;
    }
    .controls .check {
      display: flex;
      flex-direction: row;
      align-items: center;
      gap: 6px;
      font-weight: 400;
    }
    .live {
      font-size: 13px;
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .live::before {
      content: '';
      width: 9px;
      height: 9px;
      border-radius: 50%;
      background: var(--cc-muted);
    }
    .live[data-state='live']::before {
      background: var(--cc-ok);
    }
    .live[data-state='error']::before {
      background: var(--cc-danger);
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: 12px;
    }
    .cards .card {
      padding: 10px 14px;
    }
    .cards .value {
      font-size: 24px;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    .cards .label {
      font-size: 12px;
      font-weight: 600;
      color: var(--cc-muted);
    }
    .band {
      font-size: 12px;
      color: var(--cc-muted);
    }
    td.band-cell {
      white-space: nowrap;
    }
    .heat td.cell {
      text-align: center;
      font-variant-numeric: tabular-nums;
      border: 2px solid var(--cc-surface);
      min-width: 90px;
    }
    .two {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 14px;
      align-items: start;
    }
    .notes {
      font-size: 13px;
      color: var(--cc-muted);
      margin: 0;
      padding-left: 18px;
    }
    tr.paradox td {
      font-size: 0.85em;
      border-top: none;
    }
    .ci {
      display: block;
      font-size: 11px;
      color: var(--cc-muted);
    }
  `,
];
