import { CcMemoEditor } from './memo-editor.component.ts';

export { CcMemoEditor };
customElements.define('cc-memo-editor', CcMemoEditor);

declare global {
  interface HTMLElementTagNameMap {
    'cc-memo-editor': CcMemoEditor;
  }
}
