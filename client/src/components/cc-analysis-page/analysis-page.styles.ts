import { css } from 'lit';
import { pageStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  pageStyles,
  css`
    h1 {
      margin: 4px 0 0;
    }
    .tabs {
      display: flex;
      gap: 4px;
      border-bottom: 1px solid var(--cc-border);
    }
    .tabs [role='tab'] {
      border: 1px solid transparent;
      border-bottom: none;
      border-radius: var(--cc-radius) var(--cc-radius) 0 0;
      background: transparent;
      padding: 8px 14px;
    }
    .tabs [role='tab'][aria-selected='true'] {
      background: var(--cc-surface);
      border-color: var(--cc-border);
      font-weight: 600;
      margin-bottom: -1px;
    }
    .panel {
      display: grid;
      gap: 14px;
      min-width: 0;
    }
  `,
];
