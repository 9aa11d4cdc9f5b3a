import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest, rollbackOne } from '../../db/migrate.js';
import { createAppOn, useTestApp } from '../../test/test-app.js';

const t = useTestApp();

describe('health probes', () => {
  it('reports liveness on /healthz', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness and the engine on /readyz', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ status: 'ready', database: t.database.engine });
  });

  it('is not ready while migrations are pending, and becomes ready once they ran', async () => {
    await rollbackOne(t.database.db);
    const app = await createAppOn(t.database);
    try {
      const pending = await app.inject({ method: 'GET', url: '/readyz' });
      expect(pending.statusCode).toBe(503);
      expect(pending.json()).toEqual({ status: 'not_ready', reason: 'migrations_pending' });
      // Alive all the same: a restart would not help.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

      await migrateToLatest(t.database.db);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: t.database.engine });
    } finally {
      await app.close();
    }
  });

  it('is not ready when the database cannot be reached', async () => {
    // Nothing listens on port 1: connecting fails at once.
    const unreachable = await openDatabase({
      databaseUrl: 'postgres://nobody@127.0.0.1:1/nothing',
      pgliteDataDir: '',
      statementTimeoutMs: 1000,
      poolSize: 1,
    });
    const app = await createAppOn(unreachable);
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'not_ready', reason: 'database_unreachable' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});
