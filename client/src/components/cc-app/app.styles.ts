import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100%;
      min-height: 0;
    }
    header {
      height: var(--cc-bar-height);
      flex: none;
      display: flex;
      align-items: center;
      gap: 16px;
      padding: 0 16px;
      background: #182230;
      color: #f4f6f8;
    }
    header a.brand {
      color: #ffffff;
      font-weight: 700;
      text-decoration: none;
      letter-spacing: 0.02em;
    }
    header .user {
      font-size: 13px;
    }
    header button {
      background: transparent;
      color: #f4f6f8;
      border-color: #56657a;
      padding: 3px 10px;
    }
    header cc-sync-indicator {
      color: #f4f6f8;
    }
    main {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    main > * {
      flex: 1;
      min-height: 0;
    }
    .centered {
      padding: 48px;
      text-align: center;
    }
  `,
];
