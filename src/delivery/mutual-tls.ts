import { createHash } from 'node:crypto';
import { Agent, request } from 'node:https';
import { type EndpointTls } from '../domain/delivery-records';

/** One keep-alive agent per endpoint and TLS material (a new certificate gets a new agent). */
const agents = new Map<string, Agent>();

function agentFor(endpointId: string, tls: EndpointTls): Agent {
  const id = `${endpointId}:${createHash('sha256')
    .update(tls.clientCertificate)
    .update(tls.caCertificate ?? '')
    .digest('hex')}`;
  let agent = agents.get(id);
  if (!agent) {
    for (const [key, old] of agents)
      if (key.startsWith(`${endpointId}:`)) {
        old.destroy();
        agents.delete(key);
      }
    agent = new Agent({
      keepAlive: true,
      cert: tls.clientCertificate,
      key: tls.clientKey,
      // Pinned: only the force's own CA (not the public ones) may vouch for its receiver.
      ...(tls.caCertificate ? { ca: tls.caCertificate } : {}),
    });
    agents.set(id, agent);
  }
  return agent;
}

/** POSTs over https presenting the endpoint's client certificate; resolves with the status code. */
export function postWithClientCertificate(
  endpointId: string,
  url: string,
  tls: EndpointTls,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: agentFor(endpointId, tls),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        // The body is read (and dropped) so the connection can be reused.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
