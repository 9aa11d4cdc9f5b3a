import type {
  CreateOrganisationInput,
  UpdateOrganisationInput,
} from '$server/features/organisations/organisation.schema';
import { list, optionalText, text } from './forms';

/** The form's fields as the API expects them (shared by the create and edit pages). */
export function organisationFromForm(
  form: FormData,
): Omit<CreateOrganisationInput, 'slug'> & UpdateOrganisationInput {
  return {
    name: { fi: text(form, 'nameFi'), sv: optionalText(form, 'nameSv'), en: optionalText(form, 'nameEn') },
    description: {
      fi: optionalText(form, 'descriptionFi'),
      sv: optionalText(form, 'descriptionSv'),
      en: optionalText(form, 'descriptionEn'),
    },
    website: optionalText(form, 'website'),
    municipality: optionalText(form, 'municipality'),
    opintopolkuOid: optionalText(form, 'opintopolkuOid'),
    expertise: list(form, 'expertise') as CreateOrganisationInput['expertise'],
    allowedOrigins: originLines(text(form, 'allowedOrigins')),
  };
}

/** One origin per line (blank lines and a trailing slash ignored), as the API expects them. */
export function originLines(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,]+/)
        .map((line) => line.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    ),
  ];
}

/** API field paths → form field ids, so errors land under the right input. */
export const organisationFieldNames: Record<string, string> = {
  slug: 'slug',
  'name.fi': 'nameFi',
  'name.sv': 'nameSv',
  'name.en': 'nameEn',
  'description.fi': 'descriptionFi',
  'description.sv': 'descriptionSv',
  'description.en': 'descriptionEn',
  website: 'website',
  municipality: 'municipality',
  opintopolkuOid: 'opintopolkuOid',
  allowedOrigins: 'allowedOrigins',
  // The API names the line that failed (allowedOrigins.2); the form has one field for them all.
  ...Object.fromEntries(
    Array.from({ length: 20 }, (_, index) => [`allowedOrigins.${index}`, 'allowedOrigins']),
  ),
};

export interface OrganisationFormValues {
  slug: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  descriptionFi: string;
  descriptionSv: string;
  descriptionEn: string;
  website: string;
  municipality: string;
  opintopolkuOid: string;
  expertise: string[];
  /** The allowed chat origins as typed: one per line. */
  allowedOrigins: string;
  isActive: boolean;
}

/** What the person typed, to show again when the form is returned with errors. */
export function organisationFormValues(form: FormData): OrganisationFormValues {
  return {
    slug: text(form, 'slug'),
    nameFi: text(form, 'nameFi'),
    nameSv: text(form, 'nameSv'),
    nameEn: text(form, 'nameEn'),
    descriptionFi: text(form, 'descriptionFi'),
    descriptionSv: text(form, 'descriptionSv'),
    descriptionEn: text(form, 'descriptionEn'),
    website: text(form, 'website'),
    municipality: text(form, 'municipality'),
    opintopolkuOid: text(form, 'opintopolkuOid'),
    expertise: list(form, 'expertise'),
    allowedOrigins: text(form, 'allowedOrigins'),
    isActive: form.get('isActive') === 'on',
  };
}
