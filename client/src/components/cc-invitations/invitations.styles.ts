import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr));
      gap: 16px;
      align-items: start;
    }
    .columns > * {
      min-width: 0;
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
    .field-error {
      font-weight: 400;
      color: var(--cc-danger);
    }
    /* Wide tables scroll inside their card. */
    .scroll {
      overflow-x: auto;
    }
    .shown-once {
      display: grid;
      gap: 8px;
      margin-top: 12px;
      padding: 10px 12px;
      border: 1px solid var(--cc-accent);
      border-radius: var(--cc-radius);
    }
    p {
      margin: 0 0 8px;
    }
    .shown-once p {
      margin: 0;
    }
  `,
];
