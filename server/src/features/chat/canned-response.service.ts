/** Canned responses: who may see, add, change and delete which, and how they are shown. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { authorize, can } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { languageCodePattern, offeredLanguages, refuseUnoffered } from '../../conversations/languages.js';
import { chatLanguages } from '../../conversations/vocabulary.js';
import {
  deleteCannedResponse,
  insertCannedResponse,
  selectCannedResponse,
  selectCannedResponsesFor,
  updateCannedResponse,
  type CannedResponseRow,
} from './canned-response.repository.js';

export const cannedInputSchema = z.object({
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(4000),
  /** fi, sv, en, or another language some active counsellor guides in (e.g. ar or uk). */
  language: z.string().regex(languageCodePattern),
  /** Shared with the provider's staff (org admins) or with everyone (admins). */
  shared: z.boolean().default(false),
});
type CannedInput = z.infer<typeof cannedInputSchema>;

function present(row: CannedResponseRow, staffId: string) {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    language: row.language,
    shared: row.staff_id === null,
    scope: row.staff_id ? 'personal' : row.organisation_id ? 'provider' : 'service',
    mine: row.staff_id === staffId,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The staff member's own responses, their provider's shared ones and the service-wide ones. */
export async function listCanned(db: Db, ctx: RequestContext) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const rows = await selectCannedResponsesFor(db, actor.staffId, actor.organisationId);
  return rows.map((row) => present(row, actor.staffId));
}

/** The service's own languages are always allowed (responses prepared ahead); others while someone guides in them. */
async function checkLanguage(db: Db, code: string): Promise<void> {
  if ((chatLanguages as readonly string[]).includes(code)) return;
  const offered = await offeredLanguages(db);
  refuseUnoffered(code, [...new Set([...chatLanguages, ...offered])]);
}

function ownerFor(ctx: RequestContext, input: CannedInput) {
  const actor = authorize(ctx.actor, 'chat.handle');
  if (!input.shared) return { actor, staff_id: actor.staffId, organisation_id: null };
  // Admins share with everyone; provider admins with their own provider.
  const organisationId = actor.role === 'admin' ? null : actor.organisationId;
  authorize(actor, 'canned.share', { organisationId });
  return { actor, staff_id: null, organisation_id: organisationId };
}

export async function createCanned(db: Db, ctx: RequestContext, input: CannedInput) {
  const owner = ownerFor(ctx, input);
  await checkLanguage(db, input.language);
  const row = await insertCannedResponse(db, {
    staff_id: owner.staff_id,
    organisation_id: owner.organisation_id,
    language: input.language,
    title: input.title,
    body: input.body,
  });
  return present(row, owner.actor.staffId);
}

async function editable(db: Db, ctx: RequestContext, id: string) {
  const actor = authorize(ctx.actor, 'chat.handle');
  const row = z.uuid().safeParse(id).success ? await selectCannedResponse(db, id) : undefined;
  if (!row) throw new AppError('canned.not_found', 404, 'No such canned response');
  if (row.staff_id === actor.staffId) return { actor, row };
  if (row.staff_id === null && can(actor, 'canned.share', { organisationId: row.organisation_id })) {
    return { actor, row };
  }
  // Someone else's personal response is invisible; a shared one is read-only.
  if (row.staff_id !== null) throw new AppError('canned.not_found', 404, 'No such canned response');
  throw new AppError('auth.forbidden', 403, 'Only admins can change shared responses');
}

export async function updateCanned(db: Db, ctx: RequestContext, id: string, input: CannedInput) {
  const { actor, row } = await editable(db, ctx, id);
  if (input.language !== row.language) await checkLanguage(db, input.language);
  const owner = input.shared === (row.staff_id === null) ? row : ownerFor(ctx, input);
  const updated = await updateCannedResponse(db, id, {
    title: input.title,
    body: input.body,
    language: input.language,
    staff_id: owner.staff_id,
    organisation_id: owner.organisation_id,
  });
  return present(updated, actor.staffId);
}

export async function deleteCanned(db: Db, ctx: RequestContext, id: string) {
  await editable(db, ctx, id);
  await deleteCannedResponse(db, id);
}
