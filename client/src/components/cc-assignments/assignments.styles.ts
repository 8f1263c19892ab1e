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
    h3 {
      margin: 8px 0 0;
    }
    .lead,
    p {
      margin: 0;
    }
    fieldset {
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 6px 12px 10px;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 18px;
      min-width: 0;
    }
    legend {
      font-weight: 600;
    }
    label.check {
      display: flex;
      gap: 6px;
      align-items: center;
      font-weight: 400;
    }
    .split {
      display: grid;
      gap: 8px;
    }
    .inline {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: end;
    }
    .inline input {
      width: 10em;
    }
    /* Wide tables scroll inside their card, never the page. */
    .scroll {
      overflow-x: auto;
      max-width: 100%;
      max-height: 420px;
      overflow-y: auto;
    }
    tbody th {
      font-weight: 400;
      color: var(--cc-text);
      font-size: 14px;
    }
    .bar {
      display: inline-block;
      width: 90px;
      height: 6px;
      border-radius: 3px;
      background: #e3e7ec;
      overflow: hidden;
      vertical-align: middle;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: var(--cc-accent);
    }
  `,
];
