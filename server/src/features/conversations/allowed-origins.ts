import type { Db } from '../../db/database-types.js';

/**
 * The origins that may embed the chat: the service's own and every active provider's
 * allow-list. Read from the database at most every `ttlMs` (a change made on another node
 * applies here within that time) and at once after a change on this node.
 */
export class AllowedOrigins {
  private origins = new Set<string>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly serviceOrigin: string | undefined,
    private readonly ttlMs = 30_000,
  ) {}

  invalidate(): void {
    this.loadedAt = 0;
  }

  private async refresh(): Promise<void> {
    const rows = await this.db
      .selectFrom('organisations')
      .select('allowed_origins')
      .where('is_active', '=', true)
      .execute();
    this.origins = new Set(rows.flatMap((row) => row.allowed_origins));
    this.loadedAt = Date.now();
  }

  /** True for the service's own origin (`host` is the request's Host) and allow-listed ones. */
  async allows(origin: string, host: string | undefined): Promise<boolean> {
    if (origin === this.serviceOrigin) return true;
    try {
      if (host && new URL(origin).host === host) return true;
    } catch {
      return false;
    }
    if (Date.now() - this.loadedAt > this.ttlMs) {
      this.loading ??= this.refresh().finally(() => (this.loading = undefined));
      await this.loading;
    }
    return this.origins.has(origin);
  }
}
