import { Agent, request } from 'node:http';

/**
 * How a source system sends to the ingest door: over a bounded pool of keep-alive connections, as any
 * HTTP client library does (fetch's default pool has no bound, so an open-loop burst opened a connection
 * per request and ran into the hub's per-client connection bound, where connections are reset — the
 * bench then measured its own client). Requests beyond the pool wait in the client, and that wait counts
 * in their latency: the bench is open loop, timed from when each record was due.
 */
export function boundedSender(connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number }> {
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
            res.once('error', reject);
          },
        );
        req.once('error', reject);
        req.end(body);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}
