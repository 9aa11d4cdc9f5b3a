import { ImportFileError } from './programme-input.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const windows1252 = new TextDecoder('windows-1252');

/**
 * Text of an uploaded file: UTF-8 (a byte-order mark is dropped), or — when the bytes are not
 * valid UTF-8, as in spreadsheet exports — Windows-1252 (a superset of Latin-1's printable
 * range). UTF-16 and binary files are refused.
 */
export function decodeText(
  bytes: Uint8Array,
  fileName: string,
): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError(
      'import.encoding',
      `${fileName}: UTF-16 is not supported; save the file as UTF-8`,
    );
  }
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) {
    throw new ImportFileError('import.encoding', `${fileName}: this is not a text file`);
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: windows1252.decode(bytes), encoding: 'windows-1252' };
  }
}
