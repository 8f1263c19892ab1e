import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .value {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    code {
      /* A long link or token wraps inside its card instead of widening the page. */
      overflow-wrap: anywhere;
      min-width: 0;
      flex: 1 1 16ch;
      user-select: all;
      padding: 4px 6px;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      background: var(--cc-bg);
      font-size: 14px;
    }
    p {
      margin: 6px 0 0;
      font-size: 13px;
    }
  `,
];
