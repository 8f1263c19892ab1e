import { css } from 'lit';

/**
 * The page view, with the few rules of PDF.js's text layer it needs (from `pdf_viewer.css`): the
 * spans lie transparent over the painted text, scaled by `--total-scale-factor`, so the browser's
 * own selection works on the page.
 */
export default css`
  :host {
    display: block;
    min-height: 0;
    overflow: auto;
    background: #e9ecf1;
    position: relative;
  }
  :host(:focus-visible) {
    outline: 2px solid var(--cc-accent, #1f5fbf);
    outline-offset: -2px;
  }
  .pages {
    display: grid;
    justify-content: center;
    gap: 12px;
    padding: 12px;
  }
  .page {
    position: relative;
    background: #fff;
    box-shadow: 0 1px 3px rgb(0 0 0 / 25%);
    --scale-round-x: 1px;
    --scale-round-y: 1px;
  }
  .page canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .page .number {
    position: absolute;
    top: -1px;
    right: 4px;
    font-size: 11px;
    color: #4a5360;
  }
  .marks {
    position: absolute;
    inset: 0;
    pointer-events: none;
  }
  .marks div {
    position: absolute;
    mix-blend-mode: multiply;
  }
  .textLayer {
    position: absolute;
    text-align: initial;
    inset: 0;
    overflow: clip;
    line-height: 1;
    text-size-adjust: none;
    forced-color-adjust: none;
    transform-origin: 0 0;
    caret-color: CanvasText;
    z-index: 0;
    --min-font-size: 1;
    --text-scale-factor: calc(var(--total-scale-factor) * var(--min-font-size));
    --min-font-size-inv: calc(1 / var(--min-font-size));
  }
  .textLayer :is(span, br) {
    color: transparent;
    position: absolute;
    white-space: pre;
    cursor: text;
    transform-origin: 0% 0%;
  }
  .textLayer > :not(.markedContent),
  .textLayer .markedContent span:not(.markedContent) {
    z-index: 1;
    --font-height: 0;
    font-size: calc(var(--text-scale-factor) * var(--font-height));
    --scale-x: 1;
    --rotate: 0deg;
    transform: rotate(var(--rotate)) scaleX(var(--scale-x)) scale(var(--min-font-size-inv));
  }
  .textLayer .markedContent {
    display: contents;
  }
  .textLayer ::selection {
    background: rgb(31 95 191 / 28%);
  }
  .textLayer br::selection {
    background: transparent;
  }
  .error {
    margin: 16px;
  }
`;
