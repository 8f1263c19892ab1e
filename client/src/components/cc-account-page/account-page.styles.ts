import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow: auto;
      padding: 20px 24px;
    }
    .wrap {
      max-width: 880px;
      margin: 0 auto;
      display: grid;
      gap: 16px;
      min-width: 0;
    }
    .wrap > * {
      min-width: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr));
      gap: 16px;
      align-items: start;
    }
    .grid > * {
      min-width: 0;
    }
    form {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 10px;
    }
    form input,
    form button {
      max-width: 100%;
      min-width: 0;
    }
    .field-error {
      font-weight: 400;
      color: var(--cc-danger);
    }
    .scroll {
      overflow-x: auto;
    }
    .confirm {
      border-color: var(--cc-danger);
    }
    .actions-row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .shown-once {
      display: grid;
      gap: 8px;
      margin-top: 12px;
      padding: 10px 12px;
      border: 1px solid var(--cc-accent);
      border-radius: var(--cc-radius);
    }
    .shown-once p,
    p {
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
    td.actions {
      white-space: nowrap;
    }
  `,
];
