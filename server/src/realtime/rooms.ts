/** Socket.IO room names: one per conversation, per staff member and per staff session. */
export const conversationRoom = (id: string) => `conv:${id}`;
export const staffRoom = (id: string) => `staff:${id}`;
export const sessionRoom = (id: string) => `session:${id}`;

/** The conversation a room is about, or undefined for other rooms. */
export const conversationOf = (room: string) => (room.startsWith('conv:') ? room.slice(5) : undefined);

/** Stream events that record a change of who may see a conversation. */
export const accessEvents = new Set(['assigned', 'transferred', 'closed', 'reopened']);

/** The console homes' sockets: they hear only that the day changed (today-signal.ts). */
export const HOME_ROOM = 'home';
