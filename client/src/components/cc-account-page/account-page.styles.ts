import { css } from 'lit';
import { pageStyles, settingsStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  pageStyles,
  settingsStyles,
  css`
    :host {
      --cc-page-width: 880px;
    }
    .shown-once {
      margin-top: 12px;
    }
    .shown-once p {
      margin: 0 0 8px;
    }
    pre {
      margin: 0;
      padding: 6px 8px;
      background: var(--cc-bg);
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
];
