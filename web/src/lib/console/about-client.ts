import type { AboutYouInput } from '$server/conversations/about-you';
import type { InputWarning } from '$lib/api/about-you';
import { codeLabel, type Translate } from '$lib/i18n/i18n';

/*
 * "About the client" in the console: what a counsellor notes when closing a contact or logging a
 * call (AboutClientFields.svelte), and what the details panels show of what is known. Codes only;
 * an empty value is "not given", and the server never erases a value for it.
 */

/** The three choices as the fields hold them; '' is "not given". */
export interface AboutClientValues {
  ageBand: string;
  situation: string;
  municipality: string;
}

/** What a conversation's context knows (`context.about` of the staff API). */
export interface KnownAboutClient {
  ageBand: string | null;
  situation: string | null;
  municipality: string | null;
  municipalityName: string | null;
  regionClass: string;
}

/** The fields' ids, which are also their names: two forms on one page each have their own prefix. */
export const aboutClientFieldIds = (prefix: string) => ({
  ageBand: `${prefix}-age`,
  situation: `${prefix}-situation`,
  municipality: `${prefix}-municipality`,
});

/** The fields prefilled with what the client already told or a counsellor noted earlier. */
export function knownAboutClient(known: KnownAboutClient | null | undefined): AboutClientValues {
  return {
    ageBand: known?.ageBand ?? '',
    situation: known?.situation ?? '',
    municipality: known?.municipality ?? '',
  };
}

/** The values of a sent form (or of the form's values kept after a refusal), by the prefix's names. */
export function aboutClientFromForm(form: { get(name: string): unknown }, prefix: string): AboutClientValues {
  const ids = aboutClientFieldIds(prefix);
  const read = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim().slice(0, 40) : '';
  };
  return { ageBand: read(ids.ageBand), situation: read(ids.situation), municipality: read(ids.municipality) };
}

/** The values under the fields' names, to show the form again as it was sent. */
export function aboutClientFormValues(values: AboutClientValues, prefix: string): Record<string, string> {
  const ids = aboutClientFieldIds(prefix);
  return {
    [ids.ageBand]: values.ageBand,
    [ids.situation]: values.situation,
    [ids.municipality]: values.municipality,
  };
}

/**
 * What the fields show: the form as it was sent when it came back refused (its values hold the
 * fields), otherwise what the conversation already knows.
 */
export function prefilledAboutClient(
  formValues: Record<string, string>,
  prefix: string,
  known: KnownAboutClient | null | undefined,
): AboutClientValues {
  return aboutClientFieldIds(prefix).ageBand in formValues
    ? aboutClientFromForm(new Map(Object.entries(formValues)), prefix)
    : knownAboutClient(known);
}

/** The `about` of a close or call-outcome body; left out when nothing was chosen. */
export function aboutClientBody(values: AboutClientValues): AboutYouInput | undefined {
  const chosen = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  return Object.keys(chosen).length > 0 ? chosen : undefined;
}

/** The warnings of an API answer (values the server did not recognise and left out). */
export function warningsOf(data: unknown): InputWarning[] {
  const warnings = (data as { warnings?: unknown } | null | undefined)?.warnings;
  if (!Array.isArray(warnings)) return [];
  return (warnings as unknown[]).filter(
    (warning): warning is InputWarning =>
      typeof warning === 'object' &&
      warning !== null &&
      typeof (warning as InputWarning).code === 'string' &&
      typeof (warning as InputWarning).field === 'string',
  );
}

/** The warnings in words, once each (about.warning.<code>). */
export function aboutWarningTexts(t: Translate, warnings: readonly InputWarning[]): string[] {
  return [...new Set(warnings.map((warning) => codeLabel(t, 'about.warning', warning.code)))];
}

/** What is known of the client, as label and value pairs for a details list; only what was given. */
export function aboutClientFacts(
  t: Translate,
  known: KnownAboutClient | null | undefined,
): { label: string; value: string }[] {
  if (!known) return [];
  const facts: { label: string; value: string }[] = [];
  if (known.ageBand) facts.push({ label: t('about.age'), value: codeLabel(t, 'about.age', known.ageBand) });
  if (known.situation)
    facts.push({
      label: t('about.situation'),
      value: codeLabel(t, 'about.client.situation', known.situation),
    });
  if (known.municipality) {
    facts.push({ label: t('about.municipality'), value: known.municipalityName ?? known.municipality });
    if (known.regionClass !== 'unknown')
      facts.push({ label: t('about.client.region'), value: codeLabel(t, 'region', known.regionClass) });
  }
  return facts;
}
