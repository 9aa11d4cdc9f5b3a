import type { OrganisationView } from './organisation.schema.js';
import type { OrganisationRow } from './organisation.table.js';

export function presentOrganisation(row: OrganisationRow): OrganisationView {
  return {
    id: row.id,
    slug: row.slug,
    name: { fi: row.name_fi, sv: row.name_sv, en: row.name_en },
    description: { fi: row.description_fi, sv: row.description_sv, en: row.description_en },
    website: row.website,
    municipality: row.municipality,
    opintopolkuOid: row.opintopolku_oid,
    expertise: row.expertise,
    allowedOrigins: row.allowed_origins,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
