import { type WebSocket, type WebSocketServer } from 'ws';
import { type Logger } from '../../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../../common/telemetry';

export interface SocketLivenessOptions {
  /** How often each subscription socket is pinged; one that has not answered the previous ping is ended. */
  pingIntervalMs: number;
  /** Bytes the hub may hold for one socket that the client has not taken; more and the socket is ended. */
  maxBufferedBytes: number;
}

/**
 * Drops subscription sockets whose client has stopped reading, early: a client that reads answers each
 * ping (a WebSocket pong is sent by the client's library as it reads, RFC 6455 §5.5.2), so a socket with
 * an unanswered ping one interval later is not being read — it is ended, whatever its queue holds. A
 * socket whose unsent bytes pass the bound is ended too (a client reading slower than its events arrive).
 * Until then every event for it still costs the hub a filter and a write; this bounds how long.
 *
 * It replaces graphql-ws's own keep-alive (12 s interval, ended silently) so the drop is counted in
 * `shieldline_subscribers_dropped_total{reason}` and logged, and its interval is configurable.
 */
export function watchSocketLiveness(
  wsServer: WebSocketServer,
  options: SocketLivenessOptions,
  logger: Logger,
  telemetry: Telemetry = NO_TELEMETRY,
): { stop(): void } {
  const awaitingPong = new WeakSet<WebSocket>();
  const end = (socket: WebSocket, reason: 'not_reading' | 'buffer_full') => {
    telemetry.subscriberDropped(reason);
    logger.info('subscription socket ended: its client does not read', {
      reason,
      bufferedBytes: socket.bufferedAmount,
    });
    // terminate, not close: a close frame would wait behind the bytes the client is not reading.
    socket.terminate();
  };
  wsServer.on('connection', (socket: WebSocket) => {
    socket.on('pong', () => awaitingPong.delete(socket));
  });
  const timer = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > options.maxBufferedBytes) end(socket, 'buffer_full');
      else if (awaitingPong.has(socket)) end(socket, 'not_reading');
      else {
        awaitingPong.add(socket);
        socket.ping();
      }
    }
  }, options.pingIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
