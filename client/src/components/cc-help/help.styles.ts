import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow: auto;
      padding: 24px;
    }
    .wrap {
      max-width: 860px;
      margin: 0 auto;
      display: grid;
      gap: 16px;
    }
    nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    section p,
    section li {
      max-width: 72ch;
    }
    section p {
      margin: 0 0 10px;
    }
    section ul {
      margin: 0 0 10px;
      padding-left: 20px;
    }
    td.yes {
      color: var(--cc-ok);
      font-weight: 600;
    }
    td.no {
      color: var(--cc-muted);
    }
    kbd {
      font-family: var(--cc-mono);
      font-size: 12px;
      border: 1px solid var(--cc-border);
      border-bottom-width: 2px;
      border-radius: 4px;
      padding: 0 5px;
      background: var(--cc-bg);
      white-space: nowrap;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 16px;
      margin: 0 0 12px;
    }
    dt {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: baseline;
    }
    dd {
      margin: 0;
    }
    @media (max-width: 600px) {
      dl {
        grid-template-columns: 1fr;
      }
    }
  `,
];
