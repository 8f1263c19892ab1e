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
      max-width: 1180px;
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
    /* Wide tables scroll inside their card. */
    .scroll {
      overflow-x: auto;
    }
    form {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 10px;
    }
    form input,
    form select,
    form button {
      max-width: 100%;
      min-width: 0;
    }
    label.check {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .field-error {
      margin: 0;
      font-weight: 400;
      color: var(--cc-danger);
    }
    .hint {
      margin: 0;
      font-weight: 400;
      font-size: 13px;
    }
    td select {
      min-width: 8em;
    }
    td.actions {
      white-space: nowrap;
    }
    td.actions button + button {
      margin-left: 6px;
    }
    .confirm {
      border-color: var(--cc-danger);
    }
    .confirm ul {
      margin: 0 0 12px;
      padding-left: 20px;
    }
    .actions-row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .shown-once {
      display: grid;
      gap: 8px;
      padding: 10px 12px;
      border: 1px solid var(--cc-accent);
      border-radius: var(--cc-radius);
    }
    .shown-once p {
      margin: 0;
    }
    p {
      margin: 0 0 8px;
    }
  `,
];
