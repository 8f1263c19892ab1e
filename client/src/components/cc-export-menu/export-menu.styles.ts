import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: inline-block;
      position: relative;
    }
    .panel {
      position: absolute;
      right: 0;
      top: calc(100% + 4px);
      z-index: 20;
      width: min(360px, calc(100vw - 32px));
      display: grid;
      gap: 12px;
      box-shadow: 0 6px 24px rgb(0 0 0 / 15%);
    }
    .items {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 6px;
    }
    .items button {
      width: 100%;
      text-align: left;
    }
    fieldset {
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      margin: 0;
      padding: 8px 10px 10px;
      display: grid;
      gap: 8px;
      min-width: 0;
    }
    legend {
      font-weight: 600;
      padding: 0 4px;
    }
    select {
      max-width: 100%;
    }
    .formats {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    p {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
];
