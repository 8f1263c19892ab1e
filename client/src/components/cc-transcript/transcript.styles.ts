import { css } from 'lit';

export default css`
  :host {
    display: block;
    position: relative;
    min-height: 0;
    background: var(--cc-surface);
  }
  .editor {
    position: absolute;
    inset: 0;
  }
`;
