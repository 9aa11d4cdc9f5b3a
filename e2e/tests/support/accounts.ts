import { randomBytes } from 'node:crypto';

/** The password of every demo account (content/demo/staff.json, seeded on a fresh database). */
export const DEMO_PASSWORD = 'opintori-demo-2026';

export interface Account {
  email: string;
  name: string;
}

/**
 * Demo accounts the journeys sign in with. None of them is ever deactivated or given a new
 * password here, so tests can use them in any order; journeys that change an account create
 * their own.
 */
export const demo = {
  admin: { email: 'admin@opintori.example', name: 'Aino Ylläpitäjä (demo)' },
  editor: { email: 'editor@opintori.example', name: 'Eero Toimittaja (demo)' },
  orgAdmin: { email: 'paivi.koivisto@pohjoisrannikko.example', name: 'Päivi Koivisto (demo)' },
  counsellor: { email: 'mikko.haapala@pohjoisrannikko.example', name: 'Mikko Haapala (demo)' },
  otherCounsellor: { email: 'sanna.rautio@pohjoisrannikko.example', name: 'Sanna Rautio (demo)' },
  foreignCounsellor: { email: 'leila.haddad@jokivarsi.example', name: 'Leila Haddad (demo)' },
} as const satisfies Record<string, Account>;

export const providers = {
  pohjoisrannikko: 'Pohjoisrannikon ammattiopisto (demo)',
  jokivarsi: 'Jokivarren aikuisopisto (demo)',
  tuulia: 'Ammattiopisto Tuulia (demo)',
} as const;

/** A short random suffix: the database lives for the whole run, so created data must not collide. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}
