import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow-y: auto;
      padding: 20px 24px 32px;
    }
    .wrap {
      max-width: 1100px;
      margin: 0 auto;
      display: grid;
      gap: 16px;
      min-width: 0;
    }
    .lead {
      margin: 0;
      max-width: 75ch;
    }
    .message {
      margin: 0;
    }
    form {
      display: grid;
      gap: 10px;
      max-width: 640px;
    }
    fieldset {
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      padding: 8px 12px 12px;
      display: grid;
      gap: 8px;
      min-width: 0;
    }
    legend {
      font-weight: 600;
      padding: 0 4px;
    }
    label.check {
      display: flex;
      gap: 6px;
      align-items: center;
      font-weight: 400;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 18px;
    }
    .sample {
      display: grid;
      gap: 8px;
    }
    .inline {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: end;
    }
    .inline input {
      width: 10em;
    }
    .pick {
      display: grid;
      gap: 2px;
      max-height: 260px;
      overflow-y: auto;
    }
    .hint {
      margin: 0;
      font-size: 13px;
      color: var(--cc-muted);
    }
    .error {
      margin: 0;
    }
    /* Documents already coded: said before the round starts, not a reason to refuse it. */
    .warning {
      margin: 0;
      padding: 6px 10px;
      border-left: 3px solid #d3a400;
      background: #fffaf0;
      max-width: 75ch;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    .confirm {
      margin-top: 12px;
      border: 1px solid #d3a400;
      background: #fffaf0;
      border-radius: var(--cc-radius);
      padding: 12px;
    }
    .confirm p {
      margin: 0 0 10px;
      max-width: 75ch;
    }
    ol.rounds {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 14px;
    }
    li.round {
      border-top: 1px solid var(--cc-border);
      padding-top: 12px;
      display: grid;
      gap: 8px;
      min-width: 0;
    }
    li.round:first-child {
      border-top: none;
      padding-top: 0;
    }
    .round-head {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .round-head h3 {
      margin: 0;
    }
    .badge[data-status='open'] {
      background: #e6f4ea;
      border-color: #2e7d32;
    }
    dl.facts {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 4px 12px;
      margin: 0;
      font-size: 14px;
    }
    dt {
      color: var(--cc-muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .preview ul {
      margin: 4px 0 0;
      padding-left: 18px;
    }
    ul.docs {
      margin: 4px 0;
      padding-left: 18px;
    }
  `,
];
