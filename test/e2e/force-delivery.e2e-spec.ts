import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TLSSocket } from 'node:tls';
import { type AddressInfo } from 'node:net';
import { type Hub } from '../../src/app';
import { signatureHeader, verifySignature } from '../../src/delivery/signing';
import { type ShieldlineClaims } from '../../src/security/identity';
import { nonMolestationOrder, uniquePoliceArea } from '../factories/family-court.factory';
import {
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  officerOf,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

const SECURITY_ADMIN: ShieldlineClaims = {
  sub: 'sec-admin-2',
  agency: 'other',
  area: null,
  roles: ['security-admin'],
  purpose: 'operations',
};
const OPERATOR: ShieldlineClaims = {
  sub: 'operator-2',
  agency: 'other',
  area: null,
  roles: ['operator'],
  purpose: 'operations',
};

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A force system's webhook receiver: answers `statuses` in turn (then 200), keeps every request. */
async function startReceiver(statuses: number[]) {
  const received: Received[] = [];
  const processed = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.shift() ?? 200;
      // What a receiver does with the idempotency key: an attempt it already processed is not processed again.
      if (status === 200) processed.add(String(req.headers['idempotency-key']));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/shieldline`,
    received,
    processed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const REGISTER = `mutation ($area: String!, $url: String, $attempts: Int!) {
  registerDeliveryEndpoint(policeArea: $area, kind: WEBHOOK, url: $url, maxAttempts: $attempts) {
    endpoint { id keyIds } key { keyId secret }
  }
}`;
const DELIVERIES = `query ($ref: String!) {
  protectiveOrder(reference: $ref) { deliveries { id status attempts lastError } acknowledgements { acknowledgedBy } }
}`;

interface Registered {
  endpoint: { id: string; keyIds: string[] };
  key: { keyId: string; secret: string };
}

async function register(hub: Hub, area: string, url: string, attempts = 8): Promise<Registered> {
  const answer = await graphql<{ registerDeliveryEndpoint: Registered }>(
    hub,
    REGISTER,
    { area, url, attempts },
    SECURITY_ADMIN,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.registerDeliveryEndpoint;
}

async function publish(hub: Hub, area: string) {
  const order = nonMolestationOrder({ policeForce: area });
  const response = await postRecord(
    hub,
    'family-court-orders',
    JSON.stringify(order.granted),
    'application/json',
    COURT_PUBLISHER,
  );
  expect(response.status).toBe(202);
  return order;
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

async function deliveriesOf(hub: Hub, ref: string, area: string) {
  const answer = await graphql<{
    protectiveOrder: { deliveries: DeliveryRow[]; acknowledgements: { acknowledgedBy: string }[] };
  }>(hub, DELIVERIES, { ref }, officerOf(area));
  expect(answer.errors).toBeUndefined();
  return answer.data!.protectiveOrder;
}

/**
 * Delivery to each force's own systems: every order change and alert of the force's area is POSTed to
 * its registered endpoint as a signed CloudEvent, at least once, with the same idempotency key on every
 * attempt; retried with backoff; dead-lettered (and alerted) when the endpoint never takes it.
 */
describe('delivery to force systems (real Kafka + PostgreSQL)', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub({
      DELIVERY_ALLOW_HTTP: 'true',
      DELIVERY_RETRY_BASE_MS: '50',
      DELIVERY_RETRY_MAX_MS: '200',
    });
  });

  afterAll(async () => {
    await hub.stop();
  });

  it('should deliver to a receiver that fails three times, signed, under one idempotency key, processed once', async () => {
    const area = uniquePoliceArea();
    const receiver = await startReceiver([500, 500, 503]);
    try {
      const endpoint = await register(hub, area, receiver.url);
      const order = await publish(hub, area);
      const delivery = await expectEventually(async () => {
        const [row] = (await deliveriesOf(hub, order.orderRef, area)).deliveries;
        expect(row).toMatchObject({ status: 'DELIVERED', attempts: 4, lastError: null });
        return row!;
      }, 30_000);
      expect(receiver.received).toHaveLength(4);
      expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(
        new Set([delivery.id]),
      );
      expect([...receiver.processed]).toEqual([delivery.id]);
      for (const request of receiver.received) {
        expect(request.headers['content-type']).toBe('application/cloudevents+json');
        expect(
          verifySignature(
            request.body,
            String(request.headers['shieldline-timestamp']),
            String(request.headers['shieldline-signature']),
            [endpoint.key],
            Math.floor(Date.now() / 1000),
          ),
        ).toBe('VALID');
      }
      const event = JSON.parse(receiver.received[3]!.body) as {
        specversion: string;
        id: string;
        type: string;
        subject: string;
        data: { changeType: string; order: { orderRef: string; conditions: unknown[] } };
      };
      expect(event).toMatchObject({
        specversion: '1.0',
        id: delivery.id,
        type: 'uk.shieldline.delivery.order.changed.v1',
        subject: order.orderRef,
        data: { changeType: 'GRANTED', order: { orderRef: order.orderRef } },
      });
      expect(event.data.order.conditions.length).toBeGreaterThan(0);
      // The release to the force system is audited like any read.
      const [audited] = await hub.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_record WHERE actor = $1 AND operation = 'forceDelivery'`,
        [`delivery-endpoint:${endpoint.endpoint.id}`],
      );
      expect(audited!.n).toBeGreaterThanOrEqual(1);

      // A receiver that lost what it took asks for a replay: the same event, the same idempotency key.
      const replayed = await graphql<{ replayDeliveries: number }>(
        hub,
        `
          mutation ($id: String!, $since: DateTime!) {
            replayDeliveries(endpointId: $id, since: $since)
          }
        `,
        { id: endpoint.endpoint.id, since: new Date(Date.now() - 3600_000).toISOString() },
        SECURITY_ADMIN,
      );
      expect(replayed.data?.replayDeliveries).toBe(1);
      await expectEventually(() => expect(receiver.received).toHaveLength(5), 30_000);
      expect(receiver.received[4]!.headers['idempotency-key']).toBe(delivery.id);
      expect(JSON.parse(receiver.received[4]!.body)).toEqual(event);
      expect([...receiver.processed]).toEqual([delivery.id]);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('should dead-letter a delivery the receiver never takes, and alert the force’s board', async () => {
    const area = uniquePoliceArea();
    const receiver = await startReceiver(Array.from({ length: 50 }, () => 500));
    try {
      await register(hub, area, receiver.url, 3);
      const order = await publish(hub, area);
      await expectEventually(async () => {
        const [row] = (await deliveriesOf(hub, order.orderRef, area)).deliveries;
        expect(row).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'HTTP 500' });
      }, 30_000);
      expect(receiver.received).toHaveLength(3);
      await expectEventually(async () => {
        const alerts = await graphql<{ alerts: { edges: { node: { kind: string; subjectRef: string } }[] } }>(
          hub,
          `
            query ($area: String!) {
              alerts(policeArea: $area) {
                edges {
                  node {
                    kind
                    subjectRef
                  }
                }
              }
            }
          `,
          { area },
          officerOf(area),
        );
        expect(alerts.data?.alerts.edges.map((e) => e.node)).toContainEqual({
          kind: 'DELIVERY_FAILED',
          subjectRef: order.orderRef,
        });
      });
      const letters = await graphql<{
        deadLetters: { edges: { node: { connector: string; reasonCode: string; message: string } }[] };
      }>(
        hub,
        `
          query {
            deadLetters(first: 100) {
              edges {
                node {
                  connector
                  reasonCode
                  message
                }
              }
            }
          }
        `,
        {},
        OPERATOR,
      );
      expect(letters.errors).toBeUndefined();
      expect(
        letters.data!.deadLetters.edges.some(
          (e) =>
            e.node.connector === 'force-delivery' &&
            e.node.reasonCode === 'DELIVERY_FAILED' &&
            e.node.message.includes(area),
        ),
      ).toBe(true);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('should follow the endpoint’s own attempts and timeout, set by its force in the database', async () => {
    const area = uniquePoliceArea();
    // A receiver that never answers: only the endpoint's own timeout (300 ms, not the hub's 10 s) ends each attempt.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/in`;
      const endpoint = await register(hub, area, url, 8);
      const SET = `mutation ($id: String!, $t: Int) {
        setDeliveryEndpointRetries(endpointId: $id, maxAttempts: 2, retryBaseMs: 10, retryMaxMs: 20, timeoutMs: $t) {
          maxAttempts retryBaseMs retryMaxMs timeoutMs
        }
      }`;
      const admin: ShieldlineClaims = {
        sub: `admin-${area}`,
        agency: 'police',
        area,
        roles: ['force-admin'],
        purpose: 'operations',
      };
      const other: ShieldlineClaims = { ...admin, sub: 'admin-elsewhere', area: uniquePoliceArea() };
      const refused = await graphql(hub, SET, { id: endpoint.endpoint.id, t: 300 }, other);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const invalid = await graphql(hub, SET, { id: endpoint.endpoint.id, t: 5 }, admin);
      expect(invalid.errors?.[0]?.message).toBe('timeoutMs must be from 100 to 300000');
      const set = await graphql<{ setDeliveryEndpointRetries: Record<string, number> }>(
        hub,
        SET,
        { id: endpoint.endpoint.id, t: 300 },
        admin,
      );
      expect(set.data?.setDeliveryEndpointRetries).toEqual({
        maxAttempts: 2,
        retryBaseMs: 10,
        retryMaxMs: 20,
        timeoutMs: 300,
      });
      const order = await publish(hub, area);
      await expectEventually(async () => {
        const [row] = (await deliveriesOf(hub, order.orderRef, area)).deliveries;
        expect(row).toMatchObject({ status: 'FAILED', attempts: 2 });
        expect(row!.lastError).toMatch(/timeout|aborted/i);
      }, 30_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('should present the force’s client certificate to a receiver that requires one, trusting only the force’s CA', async () => {
    const pki = forcePki();
    const seen: { clientCn: string; body: string }[] = [];
    const receiver = createHttpsServer(
      { key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const peer = (req.socket as TLSSocket).getPeerCertificate();
          seen.push({ clientCn: String(peer.subject?.CN), body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200).end();
        });
      },
    );
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const area = uniquePoliceArea();
      const url = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`;
      const endpoint = await register(hub, area, url, 3);
      const SET = `mutation ($id: String!, $cert: String, $key: String, $ca: String) {
        setDeliveryEndpointTls(endpointId: $id, clientCertificate: $cert, clientKey: $key, caCertificate: $ca) {
          clientCertificateSubject pinnedCa
        }
      }`;
      const mismatched = await graphql(
        hub,
        SET,
        { id: endpoint.endpoint.id, cert: pki.clientCert, key: pki.serverKey, ca: pki.ca },
        SECURITY_ADMIN,
      );
      expect(mismatched.errors?.[0]?.message).toBe('clientKey is not the key of clientCertificate');
      const set = await graphql<{
        setDeliveryEndpointTls: { clientCertificateSubject: string; pinnedCa: boolean };
      }>(
        hub,
        SET,
        { id: endpoint.endpoint.id, cert: pki.clientCert, key: pki.clientKey, ca: pki.ca },
        SECURITY_ADMIN,
      );
      expect(set.errors).toBeUndefined();
      expect(set.data!.setDeliveryEndpointTls).toEqual({
        clientCertificateSubject: 'CN=shieldline-hub',
        pinnedCa: true,
      });
      // The key is never listed back.
      const listed = await graphql(
        hub,
        `
          query ($a: String!) {
            deliveryEndpoints(policeArea: $a) {
              clientCertificateSubject
            }
          }
        `,
        { a: area },
        SECURITY_ADMIN,
      );
      expect(JSON.stringify(listed)).not.toContain('PRIVATE KEY');
      const order = await publish(hub, area);
      await expectEventually(async () => {
        const [row] = (await deliveriesOf(hub, order.orderRef, area)).deliveries;
        expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      }, 30_000);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.clientCn).toBe('shieldline-hub');
      expect((JSON.parse(seen[0]!.body) as { subject: string }).subject).toBe(order.orderRef);
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      rmSync(pki.dir, { recursive: true, force: true });
    }
  });

  it('should take a signed acknowledgement from the force system, and refuse an unsigned one', async () => {
    const area = uniquePoliceArea();
    const receiver = await startReceiver([]);
    try {
      const endpoint = await register(hub, area, receiver.url);
      const order = await publish(hub, area);
      await expectEventually(() => expect(receiver.received.length).toBeGreaterThan(0), 30_000);
      const url = `${hub.url}/deliveries/${endpoint.endpoint.id}/acknowledgements`;
      const body = JSON.stringify({ orderRef: order.orderRef, acknowledgedBy: 'pc-1234' });
      const timestamp = Math.floor(Date.now() / 1000);
      const unsigned = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(unsigned.status).toBe(401);
      const forged = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'shieldline-timestamp': String(timestamp),
          'shieldline-signature': signatureHeader(body, timestamp, [
            { keyId: endpoint.key.keyId, secret: 'wrong' },
          ]),
        },
        body,
      });
      expect(forged.status).toBe(401);
      const signed = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'shieldline-timestamp': String(timestamp),
          'shieldline-signature': signatureHeader(body, timestamp, [endpoint.key]),
        },
        body,
      });
      expect(signed.status).toBe(200);
      expect(((await signed.json()) as { first: boolean }).first).toBe(true);
      const { acknowledgements } = await deliveriesOf(hub, order.orderRef, area);
      expect(acknowledgements.map((a) => a.acknowledgedBy)).toEqual([
        `pc-1234 (via delivery endpoint ${endpoint.endpoint.id})`,
      ]);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});

/**
 * A force's private PKI, made with openssl: a CA, the receiver's certificate for 127.0.0.1 and the client
 * certificate the force issued to the hub (CN=shieldline-hub), all signed by that CA.
 */
function forcePki() {
  const dir = mkdtempSync(join(tmpdir(), 'shieldline-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Test Force CA',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, cn, ext] of [
    ['server', '127.0.0.1', ['-extfile', 'server.ext']],
    ['client', 'shieldline-hub', []],
  ] as const) {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...ext,
    );
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    ca: read('ca.crt'),
    serverKey: read('server.key'),
    serverCert: read('server.crt'),
    clientKey: read('client.key'),
    clientCert: read('client.crt'),
  };
}
