/**
 * Transcript structure the editor shows: speaker turns and the margin's citation numbers. The
 * rules live in shared/model/citations.ts, so the quotes export cites what the margin shows.
 */
export { citationNumbers, speakerLabelLength } from '../../../shared/model/citations.ts';
