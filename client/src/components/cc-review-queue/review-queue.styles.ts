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
      align-items: center;
      gap: 16px;
      padding: 10px 20px;
      background: var(--cc-surface);
      border-bottom: 1px solid var(--cc-border);
      flex-wrap: wrap;
    }
    .head h1 {
      margin: 0;
      font-size: 19px;
    }
    progress {
      width: 160px;
      height: 10px;
    }
    .against {
      font-size: 13px;
      display: flex;
      gap: 12px;
      flex-wrap: wrap;
    }
    .split {
      display: grid;
      grid-template-columns: 330px minmax(0, 1fr);
      min-height: 0;
    }
    nav {
      overflow: auto;
      border-right: 1px solid var(--cc-border);
      background: var(--cc-bg);
      padding: 8px;
    }
    nav h2 {
      font-size: 12px;
      color: var(--cc-muted);
      margin: 12px 4px 4px;
    }
    nav ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    nav button {
      width: 100%;
      text-align: left;
      display: grid;
      gap: 2px;
      font-size: 13px;
      padding: 6px 8px;
    }
    nav button[aria-current='true'] {
      border-color: var(--cc-accent);
      box-shadow: inset 3px 0 0 var(--cc-accent);
    }
    nav .state {
      font-size: 12px;
      color: var(--cc-muted);
    }
    nav .state.settled {
      color: var(--cc-ok);
      font-weight: 600;
    }
    .excerpt {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .empty {
      max-width: 60ch;
    }
    .empty p {
      margin: 0 0 8px;
    }
    .detail {
      overflow: auto;
      padding: 16px 20px 32px;
      display: grid;
      gap: 14px;
      align-content: start;
    }
    .versions {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: minmax(0, 1fr);
      gap: 12px;
    }
    .version h3 {
      margin-bottom: 6px;
    }
    .passage {
      font-size: 14px;
      line-height: 1.6;
      background: var(--cc-surface);
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 10px 12px;
      max-height: 260px;
      overflow: auto;
    }
    /* Only the text keeps its line breaks; the template's own white space collapses. */
    .passage > * {
      white-space: pre-wrap;
    }
    .passage .context {
      color: var(--cc-muted);
    }
    .passage mark {
      color: inherit;
      border-radius: 2px;
    }
    ul.codes {
      list-style: none;
      padding: 0;
      margin: 6px 0 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      font-size: 12px;
    }
    ul.codes li {
      border: 1px solid var(--cc-border);
      border-left: 4px solid var(--code-color);
      border-radius: 4px;
      padding: 1px 6px;
      background: var(--cc-surface);
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    .thread ol {
      list-style: none;
      padding: 0;
      margin: 0 0 8px;
      display: grid;
      gap: 6px;
    }
    .thread li {
      font-size: 13px;
      background: var(--cc-surface);
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 6px 8px;
    }
    .thread form {
      display: grid;
      gap: 6px;
    }
    .thread textarea {
      min-height: 54px;
    }
    details.orphans {
      margin: 8px 0 12px;
      font-size: 13px;
    }
    details.orphans summary {
      cursor: pointer;
    }
    details.orphans h2 {
      display: inline;
    }
    details.orphans ul {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 8px;
    }
    details.orphans li {
      border: 1px dashed var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 6px 8px;
      display: grid;
      gap: 2px;
    }
  `,
];
