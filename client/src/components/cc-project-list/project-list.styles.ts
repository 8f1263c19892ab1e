import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow: auto;
      padding: 24px;
    }
    .wrap {
      max-width: 960px;
      margin: 0 auto;
      display: grid;
      gap: 16px;
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
