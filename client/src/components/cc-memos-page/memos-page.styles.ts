import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow-y: auto;
      padding: 20px 24px 32px;
    }
    .wrap {
      max-width: 1200px;
      margin: 0 auto;
      display: grid;
      gap: 16px;
      min-width: 0;
    }
    .lead {
      margin: 0;
      max-width: 75ch;
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(240px, 340px) minmax(0, 1fr);
      gap: 20px;
      align-items: start;
    }
    @media (max-width: 760px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .filters {
      display: grid;
      gap: 8px;
    }
    .filters label {
      display: grid;
      gap: 4px;
    }
    ul.list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 6px;
    }
    ul.list a {
      display: grid;
      gap: 2px;
      padding: 8px 10px;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      background: var(--cc-surface);
      color: inherit;
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    ul.list a[aria-current='page'] {
      border-color: var(--cc-accent);
      box-shadow: inset 3px 0 0 var(--cc-accent);
    }
    .memo-title {
      font-weight: 600;
    }
    .small {
      font-size: 13px;
    }
    .memo {
      display: grid;
      gap: 12px;
      min-width: 0;
    }
    .title-field {
      display: grid;
      gap: 4px;
    }
    .title-field input {
      font-size: 18px;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: center;
    }
    details {
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 6px 10px;
      background: var(--cc-surface);
    }
    details ul {
      list-style: none;
      margin: 6px 0 0;
      padding: 0;
      display: grid;
      gap: 4px;
      max-height: 200px;
      overflow-y: auto;
    }
  `,
];
