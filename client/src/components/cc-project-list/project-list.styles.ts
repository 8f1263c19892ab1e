import { css } from 'lit';
import { pageStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  pageStyles,
  css`
    :host {
      padding: 24px;
      --cc-page-width: 960px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 10px;
    }
    li a {
      font-size: 16px;
      font-weight: 600;
    }
    li p {
      margin: 4px 0 0;
    }
    form .row input {
      flex: 1;
      min-width: 0;
    }
    .empty p {
      margin: 0 0 8px;
    }
    .empty p:last-child {
      margin: 0;
    }
  `,
];
