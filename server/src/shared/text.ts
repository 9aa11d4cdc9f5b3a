import { z } from 'zod';

/**
 * zod schemas for free text that people type and that the service later writes into other
 * formats (iCalendar files, mail headers and bodies, search snippets). Control characters have
 * no business in such text and are the raw material of injection: a bare carriage return
 * starts a new iCalendar line, U+0001/U+0002 are the search highlight's markers. So they are
 * refused at the boundary with a field error rather than silently dropped.
 */

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const singleLineForbidden = /[\u0000-\u001f\u007f\u2028\u2029]/u;
// Tab (U+0009) and line feed (U+000A) are allowed; carriage returns are normalised away before.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const multiLineForbidden = /[\u0000-\u0008\u000b-\u001f\u007f]/u;

interface LengthOptions {
  min?: number;
  minMessage?: string;
  maxMessage?: string;
}

/** `\r\n` and a lone `\r` (old Mac, some paste sources) become `\n`. */
export const normaliseLineBreaks = (value: string): string => value.replace(/\r\n?/g, '\n');

/**
 * One line of text: trimmed, then refused when it holds any C0 control character (tab, CR and
 * LF included), DEL, or the Unicode line and paragraph separators U+2028/U+2029.
 */
export function singleLineText(max: number, options: LengthOptions = {}) {
  return z
    .string()
    .trim()
    .min(options.min ?? 0, options.minMessage)
    .max(max, options.maxMessage)
    .refine((value) => !singleLineForbidden.test(value), CONTROL_CHARACTER_MESSAGE);
}

/**
 * Text of several lines (a description, a Markdown body): line breaks normalised to `\n`,
 * trimmed unless `trim: false` (Markdown may begin with an indented block), then refused when
 * it holds a C0 control character other than `\n` and tab, or DEL.
 */
export function multiLineText(max: number, options: LengthOptions & { trim?: boolean } = {}) {
  const normalised = z.string().overwrite(normaliseLineBreaks);
  return (options.trim === false ? normalised : normalised.trim())
    .min(options.min ?? 0, options.minMessage)
    .max(max, options.maxMessage)
    .refine((value) => !multiLineForbidden.test(value), CONTROL_CHARACTER_MESSAGE);
}
