/*
 * The few lines of POSIX ustar the backup archive needs: regular files only, names under
 * 100 bytes. Every header's checksum is verified on reading, and every size against the data.
 */

const BLOCK = 512;

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

function writeField(header: Buffer, offset: number, length: number, value: string) {
  header.write(value, offset, length, 'ascii');
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum;
}

/** A tar archive of the given files. */
export function createTar(entries: TarEntry[], mtime: Date = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) >= 100) throw new Error(`tar: name too long: ${entry.name}`);
    const header = Buffer.alloc(BLOCK);
    writeField(header, 0, 100, entry.name);
    writeField(header, 100, 8, octal(0o600, 8));
    writeField(header, 108, 8, octal(0, 8));
    writeField(header, 116, 8, octal(0, 8));
    writeField(header, 124, 12, octal(entry.data.length, 12));
    writeField(header, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
    writeField(header, 156, 1, '0');
    writeField(header, 257, 8, 'ustar\x0000');
    writeField(header, 148, 8, checksum(header).toString(8).padStart(6, '0') + '\0 ');
    parts.push(header, Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.length));
    const padding = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const text = header
    .toString('ascii', offset, offset + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(text)) throw new Error('tar: malformed number in a header');
  return parseInt(text, 8);
}

/** The files of a tar archive; throws on anything malformed or cut short. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return entries;
    if (readOctal(header, 148, 8) !== checksum(header)) throw new Error('tar: header checksum mismatch');
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = readOctal(header, 124, 12);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new Error(`tar: ${name} is cut short`);
    entries.push({ name, data: archive.subarray(start, start + size) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error('tar: the archive is cut short');
}
