/** The first of a person's names, as the client sees a counsellor ("Mikko"). */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? '';
