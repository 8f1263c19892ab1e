import { css } from 'lit';
import { settingsStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  settingsStyles,
  css`
    :host {
      display: block;
      min-width: 0;
      --cc-column-min: 300px;
    }
    .shown-once {
      margin-top: 12px;
    }
  `,
];
