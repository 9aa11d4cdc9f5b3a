import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ApplicationMethod, LocalText, QualificationType } from './catalogue-vocabulary.js';

type JsonColumn<T> = ColumnType<T, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface ApplicationPeriod {
  method: ApplicationMethod;
  /** ISO timestamps; `end` null = open-ended (continuous application). */
  start: string;
  end: string | null;
}

export interface ProgrammeApplication {
  methods: ApplicationMethod[];
  periods: ApplicationPeriod[];
}

export interface ProgrammeCost {
  eur: number | null;
  note?: LocalText;
}

export interface ProgrammeTable {
  id: Generated<string>;
  organisation_id: string;
  source: 'opintopolku' | 'csv';
  external_id: string;
  is_active: Generated<boolean>;
  name: JsonColumn<LocalText>;
  summary: JsonColumn<LocalText>;
  description: JsonColumn<LocalText>;
  qualification_type: QualificationType;
  field: string | null;
  qualification_code: string | null;
  study_forms: TextArray;
  municipalities: TextArray;
  online_only: boolean;
  languages: TextArray;
  teaching_times: TextArray;
  continuous_start: boolean;
  start_dates: ColumnType<string[], string[] | undefined, string[]>;
  application: JsonColumn<ProgrammeApplication>;
  application_url: JsonColumn<LocalText>;
  duration_months: ColumnType<string | null, number | null, number | null>;
  cost: JsonColumn<ProgrammeCost>;
  support: TextArray;
  url: string | null;
  source_updated_at: Date | null;
  content_hash: string;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  deactivated_at: Date | null;
}

export interface CatalogueStateTable {
  id: number;
  revision: ColumnType<string, number, string | number>;
}

export interface CatalogueImportTable {
  id: Generated<string>;
  organisation_id: string | null;
  staff_id: string | null;
  source: string;
  file_name: string | null;
  dry_run: boolean;
  report: JsonColumn<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export type ProgrammeRow = Selectable<ProgrammeTable>;
