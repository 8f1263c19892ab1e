import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      align-items: baseline;
    }
    .head h2 {
      margin: 0;
    }
    ol {
      margin: 10px 0 0;
      padding-left: 22px;
      display: grid;
      gap: 4px;
    }
    li {
      overflow-wrap: anywhere;
    }
    .done {
      color: var(--cc-ok);
      font-weight: 600;
    }
    .bar {
      display: inline-block;
      width: 120px;
      height: 6px;
      border-radius: 3px;
      background: #e3e7ec;
      overflow: hidden;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: var(--cc-accent);
    }
  `,
];
