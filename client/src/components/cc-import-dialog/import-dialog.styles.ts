import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: inline-block;
    }
    dialog {
      width: min(640px, calc(100vw - 32px));
      max-height: calc(100vh - 48px);
      overflow: auto;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      background: var(--cc-surface);
      color: var(--cc-text);
      padding: 16px 20px;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 35%);
    }
    .head,
    .foot {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .head h2 {
      margin: 0;
    }
    .foot {
      margin-top: 16px;
    }
    .summary {
      flex: 1;
      margin: 0;
    }
    [role='tablist'] {
      display: flex;
      gap: 4px;
      margin: 12px 0;
      border-bottom: 1px solid var(--cc-border);
    }
    [role='tab'] {
      border: none;
      border-bottom: 3px solid transparent;
      border-radius: 0;
      background: none;
    }
    [role='tab'][aria-selected='true'] {
      border-bottom-color: var(--cc-accent);
      font-weight: 600;
    }
    .drop {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      justify-content: center;
      padding: 24px 12px;
      border: 2px dashed var(--cc-border);
      border-radius: var(--cc-radius);
      text-align: center;
    }
    .drop[data-dragging='true'] {
      border-color: var(--cc-accent);
      background: var(--cc-bg);
    }
    ul.files {
      list-style: none;
      margin: 12px 0 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    ul.files > li {
      border-bottom: 1px solid var(--cc-border);
      padding-bottom: 6px;
      min-width: 0;
    }
    .file {
      display: flex;
      gap: 8px;
      align-items: baseline;
    }
    .name {
      font-weight: 600;
      overflow-wrap: anywhere;
      min-width: 0;
    }
    .size {
      white-space: nowrap;
    }
    .state {
      margin: 2px 0 0;
      overflow-wrap: anywhere;
    }
    progress {
      width: 100%;
    }
    .warnings {
      margin: 4px 0 0;
      padding-left: 20px;
      color: var(--cc-muted);
      overflow-wrap: anywhere;
    }
    form {
      display: grid;
      gap: 8px;
    }
    form p.error {
      margin: 0;
    }
  `,
];
