// The baseline for npm run bench:chat: a bare Socket.IO server with the same shape as the
// chat hub (namespaces /client and /staff, one room per conversation, acknowledgements with
// a per-conversation seq) but no database, no authentication and no validation. A visitor's
// message is acknowledged and relayed to the counsellor sockets watching its room.
import http from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 3599);
const server = http.createServer((request, response) => {
  response.writeHead(request.url === '/readyz' ? 200 : 404, { 'content-type': 'text/plain' });
  response.end(request.url === '/readyz' ? 'ok' : 'not found');
});
const io = new Server(server, { serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 });
const clients = io.of('/client');
const staff = io.of('/staff');
const seqs = new Map();

clients.on('connection', (socket) => {
  const conversationId = String(socket.handshake.auth?.conversationId ?? '');
  void socket.join(`conv:${conversationId}`);
  socket.on('message', (payload, ack) => {
    const seq = (seqs.get(conversationId) ?? 0) + 1;
    seqs.set(conversationId, seq);
    const createdAt = new Date().toISOString();
    staff.to(`conv:${conversationId}`).emit('message', {
      conversationId,
      seq,
      kind: 'message',
      author: 'client',
      body: payload?.body,
      clientMsgId: payload?.clientMsgId,
      createdAt,
    });
    if (typeof ack === 'function') ack({ ok: true, seq, clientMsgId: payload?.clientMsgId, createdAt });
  });
});

staff.on('connection', (socket) => {
  socket.on('watch', (payload, ack) => {
    void socket.join(`conv:${String(payload?.conversationId ?? '')}`);
    if (typeof ack === 'function') ack({ ok: true, messages: [] });
  });
});

server.listen(port, '127.0.0.1');
const stop = () => {
  io.close();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
