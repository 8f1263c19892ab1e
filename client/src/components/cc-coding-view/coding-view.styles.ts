import { css } from 'lit';
import { sharedStyles } from '../../styles/shared.styles.ts';

export default [
  sharedStyles,
  css`
    :host {
      display: grid;
      grid-template-rows: auto auto minmax(0, 1fr);
      min-height: 0;
      height: 100%;
    }
    .notices p {
      margin: 0;
      padding: 6px 16px;
      border-bottom: 1px solid var(--cc-border);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 12px;
      padding: 8px 16px;
      border-bottom: 1px solid var(--cc-border);
      background: var(--cc-surface);
      min-width: 0;
    }
    /* The title is what people check first: it wraps rather than being cut off, and the tools
       move to a second row when it needs the room. */
    .toolbar h1 {
      font-size: 17px;
      margin: 0;
      flex: 1 1 280px;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .toolbar .back {
      flex: none;
      max-width: 30ch;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .toolbar select {
      padding: 3px 6px;
    }
    select.recode {
      width: 100%;
      margin: 4px 0;
      font-size: 13px;
    }
    .toolbar .undo {
      gap: 4px;
      flex-shrink: 0;
    }
    .toolbar .undo button {
      padding: 3px 8px;
      white-space: nowrap;
    }
    /* A toast over the transcript's corner: it comes and goes without moving the text. */
    .notices p.removed {
      position: fixed;
      left: 16px;
      bottom: 16px;
      z-index: 30;
      max-width: min(560px, calc(100vw - 32px));
      display: flex;
      gap: 12px;
      align-items: center;
      background: #f3f6fa;
      border: 1px solid var(--cc-border);
      border-radius: var(--cc-radius);
      box-shadow: 0 6px 24px rgb(0 0 0 / 18%);
    }
    .notices p.recoding {
      background: #fff6dc;
      border-left: 4px solid #b7791f;
    }
    .notices p.keys {
      display: flex;
      gap: 12px;
      align-items: center;
      background: #fff6dc;
    }
    .notices p.removed button,
    .notices p.keys button {
      padding: 2px 10px;
    }
    .mode {
      font-size: 12px;
    }
    .body {
      display: grid;
      grid-template-columns: minmax(0, 1fr) clamp(260px, 32vw, 340px);
      min-height: 0;
    }
    /* The player (of a recording) above the transcript, which takes the rest of the height. */
    .reading {
      display: flex;
      flex-direction: column;
      min-height: 0;
      min-width: 0;
      border-right: 1px solid var(--cc-border);
    }
    .pages-loading {
      margin: 0;
      padding: 16px;
    }
    .toolbar .switch {
      gap: 0;
      flex-shrink: 0;
    }
    .toolbar .switch button {
      padding: 3px 10px;
    }
    .toolbar .switch button[aria-pressed='true'] {
      background: var(--cc-accent, #1f5fbf);
      color: #fff;
    }
    cc-transcript,
    cc-pdf-pages,
    .pages-loading {
      flex: 1;
      min-height: 0;
    }
    p.transcribe {
      margin: 0;
      padding: 6px 12px;
      font-size: 13px;
      background: #eef4fc;
      border-bottom: 1px solid var(--cc-border);
    }
    aside {
      display: flex;
      flex-direction: column;
      min-height: 0;
      overflow-y: auto;
      background: var(--cc-bg);
    }
    aside section {
      padding: 10px 12px;
      border-bottom: 1px solid var(--cc-border);
    }
    aside h2 {
      font-size: 12px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--cc-muted);
      margin: 0 0 6px;
    }
    section.palette {
      flex: 1;
      min-height: 140px;
      display: flex;
      flex-direction: column;
    }
    cc-code-palette {
      flex: 1;
      min-height: 0;
    }
    section.here {
      max-height: 38%;
      overflow: auto;
    }
    section.orphans {
      max-height: 30%;
      overflow: auto;
    }
    /* Many coders must not squeeze the code list: the layers scroll within their share. */
    section.layers {
      max-height: 25%;
      overflow: auto;
      flex: none;
    }
    section.here,
    section.orphans {
      flex: none;
    }
    ul.here li.orphan {
      border-style: dashed;
    }
    .quote {
      font-style: italic;
      overflow-wrap: anywhere;
    }
    ul.here,
    ul.layers {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 8px;
    }
    ul.here li {
      background: var(--cc-surface);
      border: 1px solid var(--cc-border);
      border-left: 4px solid var(--code-color, #777);
      border-radius: var(--cc-radius);
      padding: 6px 8px;
      font-size: 13px;
      display: grid;
      gap: 4px;
    }
    ul.here textarea {
      width: 100%;
      min-height: 36px;
      font-size: 13px;
    }
    ul.here .actions {
      display: flex;
      gap: 6px;
    }
    ul.here button {
      padding: 2px 8px;
      font-size: 12px;
    }
    ul.layers li {
      display: flex;
      align-items: center;
      gap: 6px;
      font-size: 13px;
    }
    ul.layers label {
      display: flex;
      flex-direction: row;
      align-items: center;
      gap: 6px;
      font-weight: 400;
    }
    .done {
      color: var(--cc-ok);
      font-weight: 600;
    }
    .status {
      font-size: 13px;
      min-height: 1.4em;
      margin: 0;
    }
  `,
];
