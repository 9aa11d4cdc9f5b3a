/** The words of events and their registrations, as the database stores them. */

/** Face to face (the pop-up sessions), online (no place) or both. */
export const eventFormats = ['in_person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof eventFormats)[number];

/** A place, the waiting list, or cancelled. */
export const registrationStatuses = ['registered', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];
