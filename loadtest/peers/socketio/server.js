// Socket.IO 4 peer for the Herald benchmark.
//   rooms are topics; a client joins one with the `subscribe` event (acknowledged once joined);
//   POST /publish?topic=<t> with a text body emits that body as event `m` to the room.
// Usage: node server.js [port] [host]   (REDIS_URL=redis://… switches to the Redis adapter)
'use strict';

const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || process.env.PORT || 3000);
const host = process.argv[3] || process.env.HOST || '127.0.0.1';
const maxBodyBytes = 1 << 20;

const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://peer');
  if (req.method !== 'POST' || url.pathname !== '/publish') {
    res.writeHead(404).end();
    return;
  }
  const topic = url.searchParams.get('topic');
  if (!topic) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('missing topic');
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      res.writeHead(413).end();
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    io.to(topic).emit('m', Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
// Same keep-alive behaviour as the other peers: publishers reuse their connections.
httpServer.keepAliveTimeout = 60000;

// WebSocket only: the benchmark compares WebSocket to WebSocket; HTTP long-polling is off.
const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  socket.on('subscribe', (topic, ack) => {
    socket.join(String(topic));
    if (typeof ack === 'function') ack('ok');
  });
});

async function useRedisAdapterIfConfigured() {
  if (!process.env.REDIS_URL) return;
  const { createClient } = require('redis');
  const { createAdapter } = require('@socket.io/redis-adapter');
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

useRedisAdapterIfConfigured().then(() => {
  httpServer.listen(port, host, () => console.log(`socket.io peer listening on ${host}:${port}`));
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    io.close();
    process.exit(0);
  });
}
