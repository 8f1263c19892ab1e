import { css } from 'lit';
import { pageStyles, settingsStyles, sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  pageStyles,
  settingsStyles,
  css`
    form.query {
      display: flex;
      flex-wrap: wrap;
      gap: 10px 16px;
      align-items: end;
    }
    form.query label.q {
      flex: 1 1 260px;
      display: grid;
      gap: 4px;
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      display: flex;
      gap: 10px;
      flex-wrap: wrap;
    }
    label.check {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .coding {
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      align-items: center;
    }
    ol.kwic {
      list-style: none;
      margin: 0;
      padding: 0;
      font-family: var(--cc-mono, ui-monospace, monospace);
      font-size: 13px;
    }
    /* No gap between before, match and after: a gap would read as a space the transcript lacks. */
    ol.kwic li {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto minmax(0, 1fr);
      align-items: baseline;
      padding: 2px 0;
    }
    ol.kwic li input {
      margin-right: 8px;
    }
    /* pre: the spaces at the edges of the context are the transcript's own and must show. */
    .before {
      text-align: right;
      overflow: hidden;
      white-space: pre;
      direction: rtl;
    }
    .before bdi {
      direction: ltr;
      unicode-bidi: plaintext;
    }
    .after {
      overflow: hidden;
      white-space: pre;
    }
    .match a {
      font-weight: 700;
    }
    h3 {
      margin: 12px 0 4px;
      font-size: 15px;
    }
  `,
];
