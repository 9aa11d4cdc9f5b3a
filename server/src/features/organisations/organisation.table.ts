import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
  description_fi: string | null;
  description_sv: string | null;
  description_en: string | null;
  website: string | null;
  municipality: string | null;
  opintopolku_oid: Generated<string | null>;
  expertise: ColumnType<string[], string[] | undefined, string[]>;
  allowed_origins: ColumnType<string[], string[] | undefined, string[]>;
  is_active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
