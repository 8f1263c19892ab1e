import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    section {
      display: grid;
      gap: 10px;
    }
    p {
      margin: 0;
    }
    h3 {
      margin: 8px 0 0;
    }
    form.target {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: end;
    }
    form.target input {
      width: 7em;
    }
    .bands {
      font-size: 13px;
      max-width: 80ch;
    }
    /* Wide tables scroll inside their card, never the page. */
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    th .sub {
      font-weight: 400;
    }
    tbody th {
      color: var(--cc-text);
      font-weight: 500;
      font-size: 14px;
      white-space: nowrap;
    }
    tbody th.code {
      font-weight: 400;
      padding-left: 18px;
    }
    td.below {
      background: #fdecea;
      color: #8a1c12;
      font-weight: 600;
    }
    td.changes {
      min-width: 12em;
      font-size: 13px;
    }
    td.changes ul {
      margin: 4px 0 0;
      padding-left: 16px;
      text-align: left;
    }
    .downloads {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
    }
  `,
];
