import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    ul {
      display: flex;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      width: 28px;
      height: 28px;
      border-radius: 50%;
      display: grid;
      place-items: center;
      color: #fff;
      font-size: 11px;
      font-weight: 700;
      border: 2px solid var(--cc-surface);
      margin-left: -6px;
    }
    li:first-child {
      margin-left: 0;
    }
    .alone {
      font-size: 12px;
      color: var(--cc-muted);
    }
  `,
];
