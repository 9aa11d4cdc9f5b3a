import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../shared/secrets.js';
import { toE164 } from '../../shared/phone.js';

/** What a person can give to be found: each names them fully, never by a prefix. */
export const identifierKinds = ['email', 'phone', 'reply', 'booking', 'browser_key'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

export interface PersonIdentifier {
  kind: IdentifierKind;
  value: string;
}

/** An identifier as the lookup uses it: an address in lower case, E.164, a token, a hash. */
type Parsed =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'reply'; token: string }
  | { kind: 'booking'; tokenHash: string }
  | { kind: 'browser_key'; keyHash: string };

/**
 * Checks that an identifier is whole — a full address, a full number, a whole token — so that
 * nobody can fish by a prefix; a 400 names the field (`identifiers.<index>.value`) otherwise.
 */
export function parseIdentifier(identifier: PersonIdentifier, index = 0): Parsed {
  const incomplete = (kind: IdentifierKind, message: string) =>
    new AppError('privacy.identifier_incomplete', 400, message, {
      kind,
      fields: [{ field: `identifiers.${index}.value`, message: `privacy.identifier_incomplete.${kind}` }],
    });
  return parse(identifier, incomplete);
}

const fullEmail = z.email();

/** The identifier in the form the lookup uses, or `incomplete` thrown. */
function parse(
  identifier: PersonIdentifier,
  incomplete: (kind: IdentifierKind, message: string) => AppError,
): Parsed {
  const value = identifier.value.trim();
  switch (identifier.kind) {
    case 'email': {
      if (!fullEmail.safeParse(value).success) throw incomplete('email', 'Give a whole email address');
      return { kind: 'email', email: value.toLowerCase() };
    }
    case 'phone': {
      const phone = toE164(value);
      if (!phone.ok) throw incomplete('phone', `Give a whole phone number (${phone.code})`);
      return { kind: 'phone', phone: phone.value };
    }
    case 'reply': {
      // The token of the reply address neuvonta+<token>@…, or the whole address.
      const token = /^(?:[^+@\s]+\+)?([0-9a-f]{24})(?:@\S+)?$/i.exec(value)?.[1];
      if (!token) throw incomplete('reply', 'Give the whole reply address or its 24-character token');
      return { kind: 'reply', token: token.toLowerCase() };
    }
    case 'booking': {
      // The manage link of the confirmation mail, or its last part.
      const token = /(?:^|\/)([A-Za-z0-9_-]{43})\/?$/.exec(value)?.[1];
      if (!token) throw incomplete('booking', 'Give the whole booking link from the confirmation');
      return { kind: 'booking', tokenHash: sha256(token) };
    }
    case 'browser_key': {
      if (!/^[0-9a-f]{64}$/i.test(value)) throw incomplete('browser_key', 'Give the whole 64-character key');
      return { kind: 'browser_key', keyHash: sha256(value.toLowerCase()) };
    }
  }
}

/** Whom an identifier names: their client records, conversations and mail addresses. */
export interface FoundPerson {
  clientIds: string[];
  conversationIds: string[];
  emails: string[];
}

/**
 * Everything an identifier leads to: the clients it names directly, the conversations it names
 * directly (a reply token, a booking, a mail sent to the address, a call-back's number), and
 * then every conversation of those clients and the client of every such conversation. A person
 * the service does not know gives empty lists.
 */
export async function findPerson(db: Db, parsed: Parsed): Promise<FoundPerson> {
  const clientIds = new Set<string>();
  const conversationIds = new Set<string>();
  const emails = new Set<string>();
  const addClients = (rows: { id: string }[]) => rows.forEach((r) => clientIds.add(r.id));
  const addConversations = (rows: { id: string | null }[]) =>
    rows.forEach((r) => r.id && conversationIds.add(r.id));

  switch (parsed.kind) {
    case 'email': {
      emails.add(parsed.email);
      addClients(
        await db
          .selectFrom('clients')
          .select('id')
          .where(sql<string>`lower(email)`, '=', parsed.email)
          .execute(),
      );
      addConversations(
        await db
          .selectFrom('outgoing_mail')
          .select('conversation_id as id')
          .where(sql<string>`lower(to_address)`, '=', parsed.email)
          .where('conversation_id', 'is not', null)
          .execute(),
      );
      break;
    }
    case 'phone': {
      addClients(await db.selectFrom('clients').select('id').where('phone', '=', parsed.phone).execute());
      addConversations(
        await db
          .selectFrom('conversations')
          .select('id')
          .where(sql<string>`details -> 'callback' ->> 'phone'`, '=', parsed.phone)
          .execute(),
      );
      break;
    }
    case 'reply': {
      addConversations(
        await db.selectFrom('conversations').select('id').where('reply_token', '=', parsed.token).execute(),
      );
      break;
    }
    case 'booking': {
      addConversations(
        await db
          .selectFrom('appointments')
          .select('conversation_id as id')
          .where('manage_token_hash', '=', parsed.tokenHash)
          .execute(),
      );
      break;
    }
    case 'browser_key': {
      addClients(
        await db.selectFrom('clients').select('id').where('secret_hash', '=', parsed.keyHash).execute(),
      );
      break;
    }
  }

  // One step wider: the clients of the conversations found, and all their conversations.
  if (conversationIds.size > 0) {
    const owners = await db
      .selectFrom('conversations')
      .select('client_id')
      .where('id', 'in', [...conversationIds])
      .where('client_id', 'is not', null)
      .execute();
    owners.forEach((o) => clientIds.add(o.client_id!));
  }
  if (clientIds.size > 0) {
    addConversations(
      await db
        .selectFrom('conversations')
        .select('id')
        .where('client_id', 'in', [...clientIds])
        .execute(),
    );
    const addresses = await db
      .selectFrom('clients')
      .select('email')
      .where('id', 'in', [...clientIds])
      .where('email', 'is not', null)
      .execute();
    addresses.forEach((a) => emails.add(a.email!.toLowerCase()));
  }
  return { clientIds: [...clientIds], conversationIds: [...conversationIds], emails: [...emails] };
}
