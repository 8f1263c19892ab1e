import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .status {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .badge[data-blind='true'] {
      background: #fff4d6;
      border-color: #d3a400;
    }
    .confirm {
      margin-top: 12px;
      border: 1px solid #d3a400;
      background: #fffaf0;
    }
    .confirm p {
      margin: 0 0 10px;
      max-width: 75ch;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .note {
      margin: 6px 0 0;
    }
  `,
];
