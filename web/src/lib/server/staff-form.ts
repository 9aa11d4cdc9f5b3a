import type { StaffRole } from '$lib/api/client';
import { languageCodes, list, text } from './forms';

export interface StaffFormValues {
  name: string;
  email: string;
  organisationId: string;
  role: StaffRole;
  languages: string;
  expertise: string[];
}

const roles: StaffRole[] = ['counsellor', 'org_admin', 'editor', 'admin'];

export function staffFormValues(form: FormData): StaffFormValues {
  const role = text(form, 'role') as StaffRole;
  return {
    name: text(form, 'name'),
    email: text(form, 'email'),
    organisationId: text(form, 'organisationId'),
    role: roles.includes(role) ? role : 'counsellor',
    languages: text(form, 'languages'),
    expertise: list(form, 'expertise'),
  };
}

/** The form values as the API body (languages split from "fi, sv, en"). */
export function staffBody(values: StaffFormValues) {
  return {
    name: values.name,
    email: values.email,
    organisationId: values.organisationId || null,
    role: values.role,
    languages: languageCodes(values.languages),
    expertise: values.expertise,
  };
}

/** The roles a person may grant: org admins manage counsellors and org admins only. */
export function grantableRoles(actorRole: StaffRole | undefined): StaffRole[] {
  return actorRole === 'admin' ? roles : ['counsellor', 'org_admin'];
}

export const staffFieldNames: Record<string, string> = {
  name: 'name',
  email: 'email',
  organisationId: 'organisationId',
  role: 'role',
};

/** Languages field errors come back per item (languages.0); they all belong to one input. */
export function mapLanguageErrors(errors: Record<string, string>): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    mapped[
      field.startsWith('languages') ? 'languages' : field.startsWith('expertise') ? 'expertise' : field
    ] = message;
  }
  return mapped;
}
