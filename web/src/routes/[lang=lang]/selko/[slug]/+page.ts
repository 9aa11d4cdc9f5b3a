// Article pages need no JavaScript: links and the feedback form are plain HTML. Sending no
// client runtime keeps the first load small on a slow rural connection.
export const csr = false;
