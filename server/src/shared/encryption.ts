import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database-types.js';

/*
 * Encrypts small secrets the service must read back (a staff member's two-step secret) with the
 * installation's `secrets` key (service_keys), AES-256-GCM from Node's own crypto: a backup or a
 * read-only copy of a table alone does not reveal them. Stored as `v1:<iv>:<tag>:<ciphertext>`
 * (base64url), so that a later key or scheme can be told apart.
 */

const keys = new WeakMap<Db, Promise<Buffer>>();

function secretsKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = db
      .selectFrom('service_keys')
      .select('value')
      .where('name', '=', 'secrets')
      .executeTakeFirstOrThrow()
      .then((row) => createHash('sha256').update(row.value).digest());
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

export async function encryptSecret(db: Db, plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await secretsKey(db), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

export async function decryptSecret(db: Db, stored: string): Promise<string> {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', await secretsKey(db), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
