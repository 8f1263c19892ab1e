import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr);
      min-height: 0;
      height: 100%;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 16px;
      min-width: 0;
      padding: 10px 20px;
      background: var(--cc-surface);
      border-bottom: 1px solid var(--cc-border);
    }
    .head h1 {
      margin: 0;
      font-size: 19px;
    }
    .split {
      display: grid;
      /* The tree gives way at 800 px so the definition fields keep a readable width. */
      grid-template-columns: clamp(240px, 34vw, 400px) minmax(0, 1fr);
      min-height: 0;
    }
    .tree-panel {
      overflow: auto;
      border-right: 1px solid var(--cc-border);
      background: var(--cc-bg);
      padding: 10px;
    }
    ul[role='tree'] {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
    }
    li[role='treeitem'] {
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 4px 8px;
      border-radius: 4px;
      cursor: grab;
      font-size: 13px;
      border: 1px solid transparent;
      user-select: none;
    }
    li[role='treeitem'].theme {
      font-weight: 600;
    }
    li[role='treeitem'][aria-selected='true'] {
      background: #e2ebf8;
      border-color: var(--cc-accent);
    }
    li[role='treeitem']:focus-visible {
      outline: none;
      box-shadow: var(--cc-focus);
    }
    li.drop-before {
      box-shadow: inset 0 3px 0 var(--cc-accent);
    }
    li.drop-after {
      box-shadow: inset 0 -3px 0 var(--cc-accent);
    }
    li.drop-inside {
      background: #d5e3f7;
    }
    .chip {
      width: 12px;
      height: 12px;
      border-radius: 3px;
      flex: none;
    }
    .count {
      margin-left: auto;
      font-variant-numeric: tabular-nums;
      color: var(--cc-muted);
      font-size: 12px;
    }
    .detail {
      overflow: auto;
      padding: 16px 24px 32px;
    }
    /* The history follows the editor and scrolls with it rather than in a box of its own. */
    .detail cc-codebook-history {
      max-height: none;
      overflow: visible;
      padding: 0;
      margin-top: 24px;
      max-width: 760px;
    }
    form {
      display: grid;
      gap: 12px;
      max-width: 760px;
    }
    .two {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 12px;
    }
    textarea {
      min-height: 70px;
    }
    input[type='color'] {
      width: 64px;
      height: 32px;
      padding: 2px;
    }
    .moves {
      display: flex;
      gap: 6px;
      flex-wrap: wrap;
    }
    .moves button {
      font-size: 12px;
      padding: 3px 8px;
    }
    .merge {
      display: flex;
      gap: 8px;
      align-items: end;
      flex-wrap: wrap;
    }
    .field {
      display: grid;
      gap: 4px;
      min-width: 0;
    }
    .field label {
      display: block;
    }
    .empty p {
      margin: 8px 0 0;
    }
    .hint {
      font-size: 12px;
      color: var(--cc-muted);
      margin: 4px 0 0;
    }
  `,
];
