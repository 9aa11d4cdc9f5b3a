import type { Db } from '../../db/database-types.js';
import { httpOrigin } from '../../http/service-origin.js';
import { selectAllowedOrigins } from './chat.repository.js';

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
    this.origins = new Set((await selectAllowedOrigins(this.db)).flat());
    this.loadedAt = Date.now();
  }

  /**
   * True for the service's own origin and allow-listed ones, compared as whole origins (scheme,
   * host and port). `requestOrigin` is the service's origin as this request reached it, used
   * only when no PUBLIC_URL is configured (local use).
   */
  async allows(origin: string, requestOrigin: string | undefined): Promise<boolean> {
    const canonical = httpOrigin(origin);
    if (!canonical) return false;
    if (canonical === this.serviceOrigin) return true;
    if (!this.serviceOrigin && requestOrigin && canonical === requestOrigin) return true;
    if (Date.now() - this.loadedAt > this.ttlMs) {
      this.loading ??= this.refresh().finally(() => (this.loading = undefined));
      await this.loading;
    }
    return this.origins.has(canonical);
  }
}
