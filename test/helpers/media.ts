/**
 * Recordings for tests, made on the spot.
 *
 * REPLACED ON MERGE: the kept-files part's helper of the same name and signature takes its place;
 * this copy lets the web app's recording tests be written against it.
 */

/**
 * A mono 16-bit PCM WAV file (RIFF/WAVE, format 1) of `seconds` of a quiet 440 Hz tone at
 * `sampleRate` samples per second: a real recording every browser plays.
 */
export function makeWav({ seconds, sampleRate }: { seconds: number; sampleRate: number }): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const data = samples * 2;
  const out = new Uint8Array(44 + data);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < samples; i++) {
    view.setInt16(44 + i * 2, Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), true);
  }
  return out;
}
