import { openConversation } from '../../conversations/open-conversation.js';
import { appendMessage } from '../../conversations/message.repository.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { hashPassword } from '../../access/password.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { seedDemoEvents } from '../../features/events/event-seed.js';
import { seedDemoAvailability } from '../../features/booking/availability-seed.js';
import { insertOpeningExceptions, insertWeeklyHours } from '../../features/chat/opening-hours.repository.js';
import { staffGrants, staffRoles } from '../../access/actor.js';
import { CONTACT_REQUEST_RETENTION_DAYS } from '../../features/catalogue/contact-request.js';
import { expertiseSchema, languageCodeSchema } from '../../shared/vocabulary.js';
import type { Db } from '../database-types.js';

/** The password of every demo account; listed in the README, printed when the seed runs. */
export const DEMO_PASSWORD = 'opintori-demo-2026';

const localized = z.object({ fi: z.string().min(1), sv: z.string().min(1), en: z.string().min(1) });

const providersFileSchema = z.object({
  providers: z.array(
    z.object({
      slug: z.string(),
      opintopolkuOid: z.string().optional(),
      name: localized,
      description: localized,
      website: z.string().url(),
      municipality: z.string(),
      expertise: z.array(expertiseSchema),
    }),
  ),
});

const staffFileSchema = z.object({
  staff: z.array(
    z.object({
      email: z.string().email(),
      name: z.string(),
      role: z.enum(staffRoles),
      provider: z.string().nullable(),
      languages: z.array(languageCodeSchema).min(1),
      expertise: z.array(expertiseSchema),
      grants: z.array(z.enum(staffGrants)).optional(),
    }),
  ),
});

const timeText = z.string().regex(/^\d{2}:\d{2}$/);
const minutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
const chatFileSchema = z.object({
  hours: z.array(z.object({ weekday: z.number().int().min(1).max(7), opens: timeText, closes: timeText })),
  exceptions: z.array(
    z.object({
      day: z.iso.date(),
      opens: timeText.optional(),
      closes: timeText.optional(),
      note: z.string(),
    }),
  ),
  allowedOrigins: z.record(z.string(), z.array(z.string())),
  cannedResponses: z.array(
    z.object({ language: z.enum(['fi', 'sv', 'en']), title: z.string().min(1), body: z.string().min(1) }),
  ),
});

const inboxFileSchema = z.object({
  contacts: z.array(
    z.discriminatedUnion('channel', [
      z.object({
        channel: z.literal('email'),
        provider: z.string().nullable(),
        topic: z.string(),
        language: z.enum(['fi', 'sv', 'en']),
        client: z.object({ name: z.string(), email: z.string() }),
        subject: z.string(),
        assignedTo: z.string().optional(),
        messages: z.array(
          z.object({ from: z.enum(['client', 'staff']), ageHours: z.number(), body: z.string().min(1) }),
        ),
      }),
      z.object({
        channel: z.literal('phone'),
        provider: z.string().nullable(),
        topic: z.string(),
        language: z.enum(['fi', 'sv', 'en']),
        client: z.object({ name: z.string(), phone: z.string(), email: z.string().optional() }),
        callback: z.object({ inDays: z.number().int().min(0), from: timeText, to: timeText }),
        note: z.string(),
        ageHours: z.number(),
      }),
      z.object({
        channel: z.literal('web_form'),
        language: z.enum(['fi', 'sv', 'en']),
        client: z.object({ name: z.string(), email: z.string() }),
        source: z.enum(['finder', 'shortlist']),
        answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
        message: z.string(),
        ageHours: z.number(),
      }),
    ]),
  ),
});

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const text = await fs.readFile(file, 'utf8');
  return schema.parse(JSON.parse(text));
}

async function hasAnyData(db: Db): Promise<boolean> {
  const existing = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('organisations').select('id')).as('hasOrganisations'),
      eb.exists(eb.selectFrom('staff').select('id')).as('hasStaff'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(existing.hasOrganisations) || Boolean(existing.hasStaff);
}

export interface SeedResult {
  seeded: boolean;
  accounts: { email: string; role: string }[];
}

/**
 * Fills an empty database with the demo providers and staff from content/demo. Does nothing
 * when any organisation or staff account exists, so it never touches real data.
 */
export async function seedDemoData(db: Db, contentDir: string): Promise<SeedResult> {
  if (await hasAnyData(db)) return { seeded: false, accounts: [] };
  const demoDir = path.join(contentDir, 'demo');
  const { providers } = await readJson(path.join(demoDir, 'providers.json'), providersFileSchema);
  const { staff } = await readJson(path.join(demoDir, 'staff.json'), staffFileSchema);
  const chat = await readJson(path.join(demoDir, 'chat.json'), chatFileSchema);
  const inbox = await readJson(path.join(demoDir, 'inbox.json'), inboxFileSchema);
  // One hash for all demo accounts: they share the password, and start-up stays fast.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction().execute(async (trx) => {
    // Several nodes may start at once on an empty database. The lock makes them take turns, so
    // the check below sees another node's committed seed instead of racing it to duplicate slugs.
    await sql`select pg_advisory_xact_lock(hashtext('opintori:demo-seed'))`.execute(trx);
    if (await hasAnyData(trx)) return { seeded: false, accounts: [] };

    const idBySlug = new Map<string, string>();
    for (const provider of providers) {
      const row = await trx
        .insertInto('organisations')
        .values({
          slug: provider.slug,
          name_fi: provider.name.fi,
          name_sv: provider.name.sv,
          name_en: provider.name.en,
          description_fi: provider.description.fi,
          description_sv: provider.description.sv,
          description_en: provider.description.en,
          website: provider.website,
          municipality: provider.municipality,
          expertise: provider.expertise,
          opintopolku_oid: provider.opintopolkuOid ?? null,
          allowed_origins: chat.allowedOrigins[provider.slug] ?? [],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      idBySlug.set(provider.slug, row.id);
    }
    for (const person of staff) {
      const organisationId = person.provider ? idBySlug.get(person.provider) : null;
      if (organisationId === undefined) throw new Error(`Unknown provider ${person.provider}`);
      await trx
        .insertInto('staff')
        .values({
          organisation_id: organisationId,
          email: person.email.toLowerCase(),
          name: person.name,
          role: person.role,
          languages: person.languages,
          expertise: person.expertise,
          grants: person.grants ?? [],
          password_hash: passwordHash,
        })
        .execute();
    }
    const weekly = chat.hours.map((h) => ({
      weekday: h.weekday,
      opensMinute: minutes(h.opens),
      closesMinute: minutes(h.closes),
    }));
    await insertWeeklyHours(trx, null, weekly);
    const exceptions = chat.exceptions.map((e) => ({
      day: e.day,
      opensMinute: e.opens ? minutes(e.opens) : null,
      closesMinute: e.closes ? minutes(e.closes) : null,
      note: e.note,
    }));
    await insertOpeningExceptions(trx, null, exceptions);
    await trx
      .insertInto('canned_responses')
      .values(chat.cannedResponses.map((c) => ({ staff_id: null, organisation_id: null, ...c })))
      .execute();
    await seedInbox(trx, inbox, idBySlug);
    // One proactive chat invitation, on the guide to applying as an adult (docs/outreach.md).
    await trx
      .insertInto('invitation_rules')
      .values({
        name: 'Hakeminen aikuisena (demo)',
        path_prefix: '/fi/ohjeet/hakeminen-aikuisena',
        delay_seconds: 45,
        every_days: 7,
        message_fi:
          'Mietitkö, mihin ja miten hakea? Ohjaaja on nyt chatissa vapaana ja auttaa mielellään – maksutta.',
        message_sv:
          'Funderar du på var och hur du ska söka? En vägledare är ledig i chatten nu och hjälper gärna – avgiftsfritt.',
        message_en:
          'Wondering where and how to apply? A counsellor is free in the chat now and happy to help – free of charge.',
      })
      .execute();
    await seedDemoEvents(trx, demoDir, idBySlug);
    await seedDemoAvailability(trx, demoDir);
    await trx
      .insertInto('audit_log')
      .values({
        actor_type: 'system',
        actor_staff_id: null,
        organisation_id: null,
        action: 'seed.demo_data',
        outcome: 'success',
        target_type: null,
        target_id: null,
        details: JSON.stringify({ organisations: providers.length, staff: staff.length }),
        request_id: null,
        ip: null,
      })
      .execute();
    return { seeded: true, accounts: staff.map((person) => ({ email: person.email, role: person.role })) };
  });
}

/** Demo email conversations and call-back requests, so the inbox has something to show. */
async function seedInbox(db: Db, inbox: z.infer<typeof inboxFileSchema>, idBySlug: Map<string, string>) {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
  for (const contact of inbox.contacts) {
    const provider = 'provider' in contact ? contact.provider : null;
    const organisationId = provider ? (idBySlug.get(provider) ?? null) : null;
    const client = {
      firstName: contact.client.name,
      email: 'email' in contact.client ? (contact.client.email ?? null) : null,
      phone: contact.channel === 'phone' ? contact.client.phone : null,
      language: contact.language,
      consent: true,
    };
    if (contact.channel === 'email') {
      const staff = contact.assignedTo
        ? await db
            .selectFrom('staff')
            .select('id')
            .where('email', '=', contact.assignedTo)
            .executeTakeFirstOrThrow()
        : undefined;
      const first = contact.messages[0]!;
      // The thread as it happened: each message at its own time moves the status (a reply
      // waits for the client, a client's message for the counsellor) as it did then.
      const { conversation } = await openConversation(db, {
        channel: 'email',
        status: staff ? 'active' : 'queued',
        client,
        organisationId,
        assignedStaffId: staff?.id ?? null,
        topic: contact.topic,
        language: contact.language,
        subject: contact.subject,
        times: { createdAt: hoursAgo(first.ageHours), assignedAt: hoursAgo(first.ageHours - 1) },
        details: { origin: 'email', firstName: contact.client.name, demo: true },
      });
      for (const message of contact.messages) {
        await appendMessage(db, {
          conversationId: conversation.id,
          kind: 'message',
          authorType: message.from,
          authorStaffId: message.from === 'staff' ? (staff?.id ?? null) : null,
          body: message.body,
          details:
            message.from === 'client'
              ? {
                  email: {
                    from: contact.client.email,
                    subject: contact.subject,
                    messageId: null,
                    autoReply: false,
                  },
                  attachments: [],
                  refusedAttachments: [],
                }
              : {},
          createdAt: hoursAgo(message.ageHours),
        });
      }
    } else if (contact.channel === 'web_form') {
      // A contact request from the finder, as the catalogue stores one (contact-request.ts).
      const createdAt = hoursAgo(contact.ageHours);
      await openConversation(db, {
        channel: 'web_form',
        status: 'queued',
        client,
        topic: 'programme_choice',
        language: contact.language,
        subject: 'Koulutuksen valinta',
        sourcePage: contact.source,
        retainUntil: new Date(createdAt.getTime() + CONTACT_REQUEST_RETENTION_DAYS * 86_400_000),
        times: { createdAt },
        details: { answers: contact.answers, programmes: [], demo: true },
        first: { kind: 'message', authorType: 'client', body: contact.message, createdAt },
      });
    } else {
      const day = new Date(Date.now() + contact.callback.inDays * 86_400_000);
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(day);
      const window = { date, from: contact.callback.from, to: contact.callback.to };
      await openConversation(db, {
        channel: 'phone',
        status: 'queued',
        client,
        organisationId,
        topic: contact.topic,
        language: contact.language,
        subject: contact.note.slice(0, 80),
        dueAt: helsinkiInstant(window.date, window.from),
        times: { createdAt: hoursAgo(contact.ageHours) },
        details: {
          origin: 'callback_form',
          firstName: contact.client.name,
          demo: true,
          callback: { phone: contact.client.phone, window, note: contact.note, attempts: [] },
        },
        first: {
          kind: 'message',
          authorType: 'client',
          body: contact.note,
          createdAt: hoursAgo(contact.ageHours),
        },
      });
    }
  }
}
