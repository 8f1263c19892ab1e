/**
 * What Concord's Word exports share (the `docx` package): a journal table's rules — a thin line
 * above and below each row, none between columns — and text runs made safe for XML.
 */
import { BorderStyle, TextRun } from 'docx';
import { xmlSafe } from '../../../shared/interchange/xml.ts';

const rule = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** Cell borders of a journal table. */
export const journalBorders = { top: rule, bottom: rule, left: none, right: none };

/** A run of text; characters XML cannot hold (control characters) are left out. `size` in half-points. */
export const textRun = (value: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text: xmlSafe(value), ...options });
