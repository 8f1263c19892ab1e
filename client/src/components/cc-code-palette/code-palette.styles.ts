import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      gap: 6px;
    }
    input {
      width: 100%;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      overflow: auto;
      min-height: 0;
      flex: 1;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
    }
    li {
      display: flex;
      align-items: center;
      gap: 6px;
      padding: 4px 8px;
      cursor: pointer;
      font-size: 13px;
      line-height: 1.3;
    }
    li.theme {
      font-weight: 600;
    }
    li[aria-selected='true'] {
      background: #e2ebf8;
      box-shadow: inset 3px 0 0 var(--cc-accent);
    }
    li:hover {
      background: #eef2f7;
    }
    .chip {
      width: 11px;
      height: 11px;
      border-radius: 3px;
      flex: none;
    }
    .key {
      margin-left: auto;
      font-family: var(--cc-mono);
      font-size: 11px;
      border: 1px solid var(--cc-border);
      border-radius: 3px;
      padding: 0 4px;
      color: var(--cc-muted);
      background: var(--cc-bg);
    }
    .hint {
      font-size: 12px;
      color: var(--cc-muted);
      margin: 0;
    }
  `,
];
