import { CcMediaPlayer } from './media-player.component.ts';

export { CcMediaPlayer };
customElements.define('cc-media-player', CcMediaPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'cc-media-player': CcMediaPlayer;
  }
}
