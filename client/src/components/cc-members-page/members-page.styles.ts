import { css } from 'lit';
import { pageStyles, settingsStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  pageStyles,
  settingsStyles,
  css`
    label.check {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .field-error {
      margin: 0;
    }
    .hint {
      margin: 0;
      font-weight: 400;
      font-size: 13px;
    }
    td select {
      min-width: 8em;
    }
    td.actions button + button {
      margin-left: 6px;
    }
    .confirm ul {
      margin: 0 0 12px;
      padding-left: 20px;
    }
  `,
];
