import type { ColumnType, Generated } from 'kysely';

/** Monthly roll-up: contacts per Helsinki month, provider, channel and value of one dimension. */
export interface ReportMonthCountTable {
  month: ColumnType<string, string, string>;
  /** An organisation id, `none` (the shared queue) or `*` (every provider together). */
  provider: string;
  channel: string;
  /** `contacts`, a volume dimension, `hour`, `frt`, `handling`, `abandoned`, `score`, `group`. */
  dim: string;
  key: string | null;
  n: number;
}

/** The months whose roll-up is complete, and when it was made. */
export interface ReportMonthTable {
  month: ColumnType<string, string, string>;
  refreshed_at: Generated<Date>;
}

/** A change to a contact of an ended month since its roll-up (written by triggers). */
export interface ReportChangeTable {
  id: Generated<string>;
  month: ColumnType<string, string, string>;
}
