import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: grid;
      place-items: center;
      padding: 48px 16px;
      overflow: auto;
    }
    form {
      width: min(380px, 100%);
      display: grid;
      gap: 14px;
    }
    p {
      margin: 0;
    }
    p.field-error {
      margin-top: -10px;
    }
  `,
];
