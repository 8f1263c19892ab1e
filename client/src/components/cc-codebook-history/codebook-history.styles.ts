import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    /* On its own, the history scrolls within its share; a page may let it flow instead. */
    :host {
      display: block;
      min-width: 0;
      max-height: 40vh;
      overflow-y: auto;
      padding: 0 16px 16px;
    }
    section {
      display: grid;
      gap: 10px;
    }
    p,
    h2,
    h3 {
      margin: 0;
    }
    .inline {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: end;
    }
    .inline label {
      min-width: 0;
    }
    /* Wide tables scroll inside their card, never the page. */
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    ul.diff {
      margin: 0;
      padding-left: 0;
      list-style: none;
      display: grid;
      gap: 4px;
    }
    ul.diff .badge {
      min-width: 6.5em;
      text-align: center;
    }
  `,
];
