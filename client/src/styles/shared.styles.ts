/** Styles every component shares: controls, focus rings, tables, layout helpers. */
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--cc-font);
    color: var(--cc-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  a {
    color: var(--cc-accent);
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: none;
    box-shadow: var(--cc-focus);
  }
  button {
    font: inherit;
    border: 1px solid var(--cc-border);
    background: var(--cc-surface);
    color: var(--cc-text);
    border-radius: var(--cc-radius);
    padding: 5px 12px;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--cc-accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button.primary {
    background: var(--cc-accent);
    border-color: var(--cc-accent);
    color: var(--cc-accent-text);
  }
  button.danger {
    color: var(--cc-danger);
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: var(--cc-accent);
    text-decoration: underline;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--cc-text);
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
    padding: 5px 8px;
    background: var(--cc-surface);
  }
  textarea {
    resize: vertical;
  }
  label {
    display: grid;
    gap: 4px;
    font-weight: 500;
  }
  h1,
  h2,
  h3 {
    margin: 0 0 12px;
    line-height: 1.2;
  }
  h1 {
    font-size: 22px;
  }
  h2 {
    font-size: 17px;
  }
  h3 {
    font-size: 15px;
  }
  .muted {
    color: var(--cc-muted);
  }
  .error {
    color: var(--cc-danger);
  }
  /*
   * A field and its error: the error follows the label rather than sitting inside it, so the
   * field's name is the label's words alone and the error is read once, as its description.
   */
  .field {
    display: grid;
    gap: 4px;
    min-width: 0;
  }
  /* A form error under the field it concerns (the field points at it with aria-describedby). */
  .field-error {
    color: var(--cc-danger);
    font-size: 13px;
    font-weight: 500;
    margin: 2px 0 0;
  }
  [aria-invalid='true'] {
    border-color: var(--cc-danger);
  }
  .card {
    background: var(--cc-surface);
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
    padding: 16px;
  }
  .row {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .spacer {
    flex: 1;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 6px 8px;
    border-bottom: 1px solid var(--cc-border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    color: var(--cc-muted);
    font-size: 12px;
  }
  /* A table wider than its card scrolls inside the card, never the page. */
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 12px;
    border: 1px solid var(--cc-border);
    background: var(--cc-bg);
  }
  /*
   * Text for screen readers only; the one such class of the app. Pinned to the top left of its
   * containing block: left at its own place, an absolute box deep in a page that scrolls inside
   * the shell would stretch the window below the app (a blank screen when scrolled to).
   */
  .visually-hidden {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    border: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/* ---- Pages and settings screens (opted into by the components that use them) ---- */

/**
 * A page in the app shell: it scrolls itself, never sideways, around one centred column as wide
 * as `--cc-page-width` (default 1180px) at most.
 */
export const pageStyles = css`
  :host {
    display: block;
    overflow: auto;
    padding: 20px 24px;
  }
  .wrap {
    max-width: var(--cc-page-width, 1180px);
    margin: 0 auto;
    display: grid;
    gap: 16px;
  }
`;

/**
 * Settings screens (account, members, invitations): cards in as many columns as fit (each at
 * least `--cc-column-min`, default 320px), one-column forms whose controls never widen the card,
 * wide tables that scroll inside their card, confirmations, and secrets shown once.
 */
export const settingsStyles = css`
  /* Grid items may shrink below their content, so a long address or link never widens the page. */
  .wrap,
  .wrap > *,
  .grid > * {
    min-width: 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, var(--cc-column-min, 320px)), 1fr));
    gap: 16px;
    align-items: start;
  }
  /* Wide tables scroll inside their card. */
  .scroll {
    overflow-x: auto;
  }
  form {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 10px;
  }
  form input,
  form select,
  form button {
    max-width: 100%;
    min-width: 0;
  }
  .field-error {
    font-weight: 400;
    color: var(--cc-danger);
  }
  .confirm {
    border-color: var(--cc-danger);
  }
  .actions-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .shown-once {
    display: grid;
    gap: 8px;
    padding: 10px 12px;
    border: 1px solid var(--cc-accent);
    border-radius: var(--cc-radius);
  }
  p {
    margin: 0 0 8px;
  }
  .shown-once p {
    margin: 0;
  }
  td.actions {
    white-space: nowrap;
  }
`;
