/** The roles that run pop-up events; editors do not. The API checks the provider too. */
export const eventHandlers = ['counsellor', 'org_admin', 'admin'];
