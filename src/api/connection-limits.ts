import { type Server } from 'node:http';
import { type Socket } from 'node:net';
import { type Logger } from '../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../common/telemetry';

export interface ConnectionLimits {
  /** Open connections in total (HTTP and WebSocket); more are closed as they arrive. */
  maxConnections: number;
  /** Open connections from one client address; 0 when every client shares one address (a proxy). */
  maxConnectionsPerClient: number;
  /** A connection that has not begun a request (or a WebSocket upgrade) this long after opening is closed. */
  idleTimeoutMs: number;
}

/**
 * Fair degradation: one client (a stuck dashboard, a scanner, a slowloris) must not take the connections,
 * the memory or the event loop that an officer's query needs. Connections over the bounds are closed as
 * they arrive (the client sees a reset and may retry later), counted and logged once per client and
 * minute; a connection that begins no request in time is closed (counted as `idle`); the HTTP server's
 * own timeouts (createServer options in app.ts) end requests whose head or body never arrive whole.
 */
export function limitConnections(
  server: Server,
  limits: ConnectionLimits,
  logger: Logger,
  telemetry: Telemetry = NO_TELEMETRY,
): void {
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => telemetry.connectionRefused('total'));
  const perClient = new Map<string, number>();
  const lastLogged = new Map<string, number>();
  // Until its first request the connection has this long; from then on Node's own timers apply (the
  // request and head timeouts while one is read, keepAliveTimeout between requests) and a request being
  // handled is never cut for being quiet, however long the hub takes to answer.
  const started = (socket: Socket) => socket.setTimeout(0);
  server.on('request', (req: { socket: Socket }) => started(req.socket));
  server.on('upgrade', (req: { socket: Socket }) => started(req.socket));
  server.on('connection', (socket: Socket) => {
    socket.setTimeout(limits.idleTimeoutMs, () => {
      telemetry.connectionRefused('idle');
      socket.destroy();
    });
    if (limits.maxConnectionsPerClient <= 0) return;
    const client = socket.remoteAddress ?? 'unknown';
    const open = (perClient.get(client) ?? 0) + 1;
    if (open > limits.maxConnectionsPerClient) {
      telemetry.connectionRefused('per_client');
      const now = Date.now();
      if ((lastLogged.get(client) ?? 0) < now - 60_000) {
        lastLogged.set(client, now);
        logger.warn('connection refused: too many open connections from one client', {
          client,
          limit: limits.maxConnectionsPerClient,
        });
      }
      socket.destroy();
      return;
    }
    perClient.set(client, open);
    socket.once('close', () => {
      const left = (perClient.get(client) ?? 1) - 1;
      if (left <= 0) perClient.delete(client);
      else perClient.set(client, left);
    });
  });
}
