import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../errors.js';
import type { ImportFile } from './import-plan.js';
import { formatBytes } from './import.service.js';

/**
 * The files of an import path: the file itself, or every *.json and *.csv under a directory
 * (sorted, so that reports are stable). Sizes are checked before anything is read.
 */
export async function readImportFiles(target: string, maxBytes: number): Promise<ImportFile[]> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new AppError('import.not_found', 400, `${target} does not exist`);
  const paths: string[] = [];
  if (info.isDirectory()) {
    const walk = async (dir: string) => {
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (/\.(json|csv)$/i.test(entry.name)) paths.push(full);
      }
    };
    await walk(target);
    if (paths.length === 0) throw new AppError('import.empty', 400, `${target} holds no .json or .csv files`);
  } else paths.push(target);

  let total = 0;
  for (const file of paths) total += (await stat(file)).size;
  if (total > maxBytes) {
    throw new AppError(
      'import.too_large',
      413,
      `The input is ${formatBytes(total)}; the limit is ${formatBytes(maxBytes)} (CATALOGUE_IMPORT_MAX_BYTES)`,
    );
  }
  const base = info.isDirectory() ? target : path.dirname(target);
  return Promise.all(
    paths.map(async (file) => ({
      name: path.relative(base, file) || path.basename(file),
      bytes: await readFile(file),
    })),
  );
}
