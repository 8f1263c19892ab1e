import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      min-width: 0;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 12px;
      align-items: end;
      margin-bottom: 10px;
    }
    .controls label {
      font-size: 13px;
    }
    .controls input[type='search'] {
      width: 14em;
      max-width: 100%;
    }
    /* Wide tables (many coders, many attributes) scroll here, never the page. */
    .scroll {
      overflow-x: auto;
      max-width: 100%;
      /* Holds the visually hidden header text, which would otherwise widen the page. */
      position: relative;
    }
    th button.sort {
      border: none;
      background: none;
      padding: 0;
      font-weight: 600;
    }
    td.title {
      min-width: 12em;
      max-width: 22em;
    }
    /* The title stays in view when the table scrolls sideways (many coders, attributes, 800 px):
       one always knows which document a cell belongs to. */
    th:first-child,
    td.title {
      position: sticky;
      left: 0;
      z-index: 1;
      background: var(--cc-surface);
      box-shadow: inset -1px 0 0 var(--cc-border);
    }
    td.title form {
      display: flex;
      gap: 6px;
      flex-wrap: wrap;
    }
    td.added {
      white-space: nowrap;
      font-size: 13px;
    }
    td.actions {
      white-space: nowrap;
    }
    td.actions button {
      padding: 2px 6px;
      font-size: 13px;
    }
    /* Rename and Delete stay in view at the right edge when the attribute columns make the table
       scroll sideways, as the title does at the left. */
    th.actions,
    td.actions {
      position: sticky;
      right: 0;
      z-index: 1;
      background: var(--cc-surface);
      box-shadow: inset 1px 0 0 var(--cc-border);
    }
    /* As wide as a short value (the input's size, capped): a longer one scrolls inside its field
       and reads whole in its tooltip, so one long file name does not push the columns after it
       out of view. */
    td.attribute input {
      width: auto;
      padding: 2px 6px;
    }
    /* Long attribute names wrap under each other rather than widening their column. */
    th[data-attribute] {
      min-width: 6em;
      max-width: 12em;
      overflow-wrap: anywhere;
    }
    .progress {
      white-space: nowrap;
      font-size: 13px;
    }
    .bar {
      display: inline-block;
      width: 64px;
      height: 6px;
      border-radius: 3px;
      background: #e3e7ec;
      overflow: hidden;
      vertical-align: middle;
      margin-right: 4px;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: var(--cc-accent);
    }
    .done {
      color: var(--cc-ok);
      font-weight: 600;
    }
    /* The delete confirmation: a modal dialog in the middle of the window, over the table. */
    dialog.confirm {
      border-color: var(--cc-danger);
      max-width: min(520px, calc(100vw - 32px));
      box-shadow: 0 12px 32px rgb(16 24 40 / 30%);
    }
    dialog.confirm::backdrop {
      background: rgb(16 24 40 / 45%);
    }
    .confirm .actions {
      display: flex;
      gap: 8px;
    }
    .field-error {
      flex-basis: 100%;
      margin: 2px 0 0;
      font-size: 13px;
    }
    /* An attribute column's type, under its name (a menu for owners and reviewers). */
    th .type {
      display: block;
      font-size: 12px;
      font-weight: normal;
      margin-top: 2px;
    }
    th .field-error {
      font-weight: normal;
      max-width: 24em;
    }
  `,
];
