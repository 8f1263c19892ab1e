import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: grid;
      place-items: start center;
      padding: 48px 16px;
      overflow: auto;
    }
    .card {
      width: min(520px, 100%);
      display: grid;
      gap: 12px;
    }
    p {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
];
