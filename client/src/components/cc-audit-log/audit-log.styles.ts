import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 12px;
      margin-bottom: 12px;
    }
    .filters label {
      flex: 1 1 160px;
      min-width: 0;
    }
    .filters input,
    .filters select {
      width: 100%;
      min-width: 0;
    }
    /* A wide log scrolls inside its card, never the page. */
    .scroll {
      overflow-x: auto;
      max-height: 480px;
      overflow-y: auto;
    }
    td.time {
      white-space: nowrap;
      font-size: 13px;
    }
    p {
      margin: 0 0 8px;
    }
  `,
];
