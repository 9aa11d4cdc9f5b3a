import { knownMigrationNames } from '../migrate.js';

/** A backup or a restore that cannot go ahead; the message says why and what to do. */
export class BackupRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusal';
  }
}

/** The schema version of a database: the newest migration it records, or "none". */
export function schemaVersionOf(migrations: readonly string[]): string {
  return [...migrations].sort().at(-1) ?? 'none';
}

/**
 * Refuses a database whose migrations this code does not know (a newer version of the service
 * made it): the service would not start on it. An older schema is fine: the service migrates it
 * at start.
 */
export async function assertKnownSchema(migrations: readonly string[], what: string): Promise<void> {
  if (migrations.length === 0) {
    throw new BackupRefusal(`${what} is not an OpinTori database: it records no migrations.`);
  }
  const known = new Set(await knownMigrationNames());
  const unknown = migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new BackupRefusal(
      `${what} has schema version ${schemaVersionOf(migrations)}, newer than this version of ` +
        `OpinTori knows (${schemaVersionOf([...known])}; unknown migrations: ${unknown.join(', ')}). ` +
        'Use the OpinTori version that made it. Nothing was changed.',
    );
  }
}
