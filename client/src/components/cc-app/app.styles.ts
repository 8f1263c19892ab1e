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
    header a.help {
      color: #f4f6f8;
    }
    header .user {
      font-size: 13px;
      color: #f4f6f8;
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
    /* Pages scroll inside main, never the window: main contains and clips whatever is
       positioned within them. */
    main {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
      position: relative;
      overflow: hidden;
    }
    main > * {
      flex: 1;
      min-height: 0;
    }
    .centered {
      padding: 48px;
      text-align: center;
    }
    .notice {
      margin: 0;
      padding: 8px 16px;
      background: #fff4d6;
      color: #4a3b00;
      border-bottom: 1px solid #e8d48a;
    }
    .backdrop {
      position: fixed;
      inset: 0;
      background: rgb(16 24 40 / 45%);
      display: flex;
      align-items: center;
      justify-content: center;
      z-index: 20;
    }
    .dialog {
      background: #ffffff;
      color: #182230;
      max-width: 520px;
      margin: 16px;
      padding: 20px 24px;
      border-radius: 8px;
      box-shadow: 0 12px 32px rgb(16 24 40 / 30%);
    }
    .dialog h2 {
      margin-top: 0;
      font-size: 18px;
    }
    .dialog .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 16px;
    }
  `,
];
