import type { Translate } from '$lib/i18n/i18n';

/** What an event's place line needs: an online session has no place, address or municipality. */
interface Placed {
  format: 'in_person' | 'online' | 'hybrid';
  place: string;
  address: string;
  municipality: { name: string } | null;
}

/**
 * Where an event is, in one line: "Limingan kirjasto, Kauppakatu 12, Liminka", "Verkossa", or a
 * hybrid session's place with "(myös verkossa)".
 */
export function placeLine(event: Placed, t: Translate, withAddress = true): string {
  if (event.format === 'online') return t('events.format.online');
  const parts = [event.place, withAddress ? event.address : '', event.municipality?.name ?? ''].filter(
    Boolean,
  );
  const line = parts.join(', ');
  return event.format === 'hybrid' ? `${line} (${t('events.also_online')})` : line;
}
