import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrationProvider } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
type AnyDb = Kysely<any>;

function createMigrator(db: AnyDb): Migrator {
  // Kysely's PostgreSQL adapter (which PGlite's shares) takes an advisory
  // lock around the run, so several nodes starting at once migrate exactly once.
  return new Migrator({ db, provider: migrationProvider });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

/** Applies every pending migration; returns what ran. */
export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

/** Reverts the most recent migration; returns what ran. */
export async function rollbackOne(db: AnyDb): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateDown());
}

/** True when no migration is pending. */
export async function isFullyMigrated(db: AnyDb): Promise<boolean> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.every((m) => m.executedAt !== undefined);
}
