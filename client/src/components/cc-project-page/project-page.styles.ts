import { css } from 'lit';
import { pageStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  pageStyles,
  css`
    .head {
      display: flex;
      gap: 16px;
      align-items: flex-start;
    }
    .head h1 {
      margin-bottom: 4px;
    }
    .head p {
      margin: 0;
      max-width: 70ch;
    }
    .files {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      justify-content: flex-end;
    }
    nav {
      display: flex;
      gap: 16px;
      font-weight: 600;
    }
    /* The documents take the page's whole width (a column per coder, attributes); the members
       follow below rather than beside, where they left the table too narrow for two coders. */
    .grid {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 16px;
      align-items: start;
    }
    ul.members {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 6px;
    }
    ul.members li {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 6px;
      align-items: center;
    }
    form {
      display: grid;
      /* One column no wider than the card: a file input's or a label's own width must not widen it. */
      grid-template-columns: minmax(0, 1fr);
      gap: 8px;
    }
    form input,
    form textarea,
    form button {
      max-width: 100%;
      min-width: 0;
    }
    textarea {
      min-height: 100px;
    }
  `,
];
