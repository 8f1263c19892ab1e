import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      margin-top: 16px;
    }
    h3 {
      font-size: 15px;
      margin: 0 0 8px;
    }
    ul.cases {
      list-style: none;
      padding: 0;
      margin: 0 0 12px;
    }
    ul.cases > li {
      border-top: 1px solid var(--cc-border, #ddd);
      padding: 8px 0;
    }
    .documents {
      font-size: 13px;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 12px;
      align-items: end;
    }
    form label {
      font-size: 13px;
      display: flex;
      flex-direction: column;
      gap: 2px;
      /* Long document titles wrap the form instead of widening the page. */
      flex: 1 1 14em;
      min-width: 0;
      max-width: 100%;
    }
    /* A long title scrolls inside the list rather than widening it. */
    select[multiple] {
      width: 100%;
      min-width: 0;
      overflow-x: auto;
    }
    .actions {
      display: inline-flex;
      gap: 6px;
    }
  `,
];
