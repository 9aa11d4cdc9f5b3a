import { error } from '@sveltejs/kit';
import { createAboutYouApi } from '$lib/api/about-you';
import { createChatConsoleApi } from '$lib/api/chat-console';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, locals }) => {
  const staff = locals.staff!;
  if (!['counsellor', 'org_admin', 'admin'].includes(staff.role)) {
    error(403, { message: 'Chat is for counsellors', code: 'auth.forbidden' });
  }
  const api = createChatConsoleApi(fetch);
  const [presence, settings, aboutOptions] = await Promise.all([
    api.presence(),
    api.settings(),
    // The choices of "about the client" when closing a chat.
    createAboutYouApi(fetch).options(locals.lang),
  ]);
  if (!presence.ok)
    error(presence.status === 403 ? 403 : 503, {
      message: presence.error.message,
      code: presence.error.code,
    });
  return {
    presence: presence.data,
    assignment: settings.ok ? settings.data.assignment : 'manual',
    aboutOptions: aboutOptions.ok ? aboutOptions.data : null,
    me: { id: staff.id, name: staff.name, role: staff.role },
    // Chats side by side need the whole window.
    wideLayout: true,
  };
};
