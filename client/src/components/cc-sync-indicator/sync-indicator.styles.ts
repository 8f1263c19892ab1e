import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 13px;
      white-space: nowrap;
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--cc-muted);
      flex: none;
    }
    :host([level='synced']) .dot,
    :host([level='idle']) .dot {
      background: var(--cc-ok);
    }
    :host([level='syncing']) .dot {
      background: #d39b00;
    }
    :host([level='offline']) .dot {
      background: var(--cc-danger);
    }
  `,
];
