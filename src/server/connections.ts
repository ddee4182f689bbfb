import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Lets a closing server drop the connections nobody is waiting on. Node's `server.close()` waits for every open
 * socket; `closeIdleConnections()` misses sockets that never carried a request (browsers open spare ones ahead
 * of time) and keep-alive sockets whose response ends after it ran — either held a stopping server for up to a
 * minute. Requests in flight still finish: their socket is ended right after the response.
 */
export function trackConnections(server: Server): { closeQuiet(): void } {
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const n = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, n);
      if (closing && n === 0) socket.end();
    });
  });
  return {
    closeQuiet() {
      closing = true;
      for (const [socket, n] of inFlight) if (n === 0) socket.destroy();
    },
  };
}
