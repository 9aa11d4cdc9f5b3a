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

/**
 * Applies the migrations up to and including `name` (a database given as a transaction is
 * migrated inside it); returns what ran.
 */
export async function migrateUpTo(db: AnyDb, name: string): Promise<string[]> {
  // In a transaction, the migrator's closing unlock fails once a migration has failed, and its
  // error ("transaction is aborted") would hide the migration's own: keep that one.
  let failure: { name: string; error: unknown } | undefined;
  const watched = Object.fromEntries(
    Object.entries(await migrationProvider.getMigrations()).map(([migrationName, migration]) => [
      migrationName,
      {
        ...migration,
        up: async (migrating: AnyDb) => {
          try {
            await migration.up(migrating);
          } catch (error) {
            failure ??= { name: migrationName, error };
            throw error;
          }
        },
      },
    ]),
  );
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(watched) } });
  const result = await migrator.migrateTo(name);
  if (result.error && failure) {
    const cause = failure.error instanceof Error ? failure.error.message : String(failure.error);
    throw new Error(`Migration ${failure.name} failed: ${cause}`, { cause: failure.error });
  }
  return unwrap(result);
}

/** The names of the migrations this code knows, oldest first. */
export async function knownMigrationNames(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort();
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
