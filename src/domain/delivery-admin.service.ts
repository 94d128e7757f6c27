import { randomBytes } from 'node:crypto';
import { newId } from '../common/ids';
import { type AccessStep } from '../security/access-step';
import { grantsFor, policeAreaOf } from '../security/access-policy';
import { type Actor, normaliseArea } from '../security/actor';
import { LookupError } from './officer-lookup.service';
import {
  type DeliveryRecord,
  type EndpointKind,
  type EndpointRecord,
  type EndpointRole,
  type EndpointRetries,
  type EndpointTls,
  type NewEndpoint,
} from './delivery-records';
import { checkTls } from './rules/tls-material';

export type { EndpointKind, EndpointRole } from './delivery-records';
/** An endpoint as its administrator sees it (never its secrets). */
export type EndpointView = EndpointRecord;
export type DeliveryView = Omit<DeliveryRecord, 'change' | 'payload' | 'streamKey' | 'raisedBy'>;

/** What the service needs from persistence (the delivery repository) and the job queue (a replay). */
export interface DeliveryAdminPort {
  registerEndpoint(endpoint: NewEndpoint): Promise<EndpointRecord>;
  endpoint(endpointId: string): Promise<EndpointRecord | null>;
  endpointsOfArea(policeArea: string): Promise<EndpointRecord[]>;
  addKey(endpointId: string, keyId: string, secret: string): Promise<void>;
  retireKey(endpointId: string, keyId: string): Promise<boolean>;
  removeEndpoint(endpointId: string): Promise<boolean>;
  deliveriesOf(subjectRefs: readonly string[]): Promise<Map<string, DeliveryRecord[]>>;
  setRetries(endpointId: string, retries: EndpointRetries): Promise<EndpointRecord | null>;
  /** Sets (or with null removes) the endpoint's mutual TLS material. */
  setTls(endpointId: string, tls: EndpointTls | null): Promise<EndpointRecord | null>;
  /** Re-opens and schedules the endpoint's deliveries since `since`; returns how many. */
  replay(endpointId: string, since: Date): Promise<number>;
}

export interface DeliveryAdminOptions {
  /** Plain http:// webhooks (a local receiver, the demo); production endpoints are https://. */
  allowHttp: boolean;
  /** The hub's own topic for a force's LOG_TOPIC endpoint. */
  forceTopic: (policeArea: string) => string;
}

/**
 * A force's delivery endpoints: registered, keyed, rotated and replayed by that force's administrator
 * (role force-admin, own force) or a security administrator (any force), every change audited. Secrets
 * are shown once, when made.
 */
export class DeliveryAdminService {
  constructor(
    private readonly repo: DeliveryAdminPort,
    private readonly access: AccessStep,
    private readonly options: DeliveryAdminOptions,
  ) {}

  async register(
    actor: Actor,
    input: {
      policeArea: string;
      kind: EndpointKind;
      url: string | null;
      role: EndpointRole;
      maxAttempts: number;
    },
  ): Promise<{ endpoint: EndpointView; keyId: string; secret: string }> {
    const area = await requireForceAdmin(this.access, actor, input.policeArea, 'registerDeliveryEndpoint');
    if (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1 || input.maxAttempts > 100)
      throw new LookupError('BAD_USER_INPUT', 'maxAttempts must be from 1 to 100');
    let url: string | null = null;
    if (input.kind === 'WEBHOOK') {
      url = this.checkedUrl(input.url);
    } else if (input.url !== null) {
      throw new LookupError('BAD_USER_INPUT', 'a LOG_TOPIC endpoint takes no url: the hub names its topic');
    }
    const key = newKey();
    const endpoint = await this.repo.registerEndpoint({
      endpointId: newId(),
      policeArea: area,
      kind: input.kind,
      url,
      topic: input.kind === 'LOG_TOPIC' ? this.options.forceTopic(area) : null,
      role: input.role,
      maxAttempts: input.maxAttempts,
      createdBy: actor.subject,
      ...key,
    });
    await this.access.recordRead(actor, 'registerDeliveryEndpoint', [
      `delivery-endpoint:${endpoint.endpointId}`,
    ]);
    return { endpoint, ...key };
  }

  async endpoints(actor: Actor, policeArea: string): Promise<EndpointView[]> {
    const area = await requireForceAdmin(this.access, actor, policeArea, 'deliveryEndpoints');
    return this.repo.endpointsOfArea(area);
  }

  /** A new signing key; the older ones keep signing until retired, so receivers can switch over. */
  async rotateKey(actor: Actor, endpointId: string): Promise<{ keyId: string; secret: string }> {
    const endpoint = await this.ownEndpoint(actor, endpointId, 'rotateDeliveryKey');
    const key = newKey();
    await this.repo.addKey(endpoint.endpointId, key.keyId, key.secret);
    await this.access.recordRead(actor, 'rotateDeliveryKey', [`delivery-key:${endpointId}:${key.keyId}`]);
    return key;
  }

  async retireKey(actor: Actor, endpointId: string, keyId: string): Promise<boolean> {
    await this.ownEndpoint(actor, endpointId, 'retireDeliveryKey');
    const retired = await this.repo.retireKey(endpointId, keyId);
    if (!retired)
      throw new LookupError(
        'BAD_USER_INPUT',
        'no such signing key, or it is the endpoint’s last one (rotate first)',
      );
    await this.access.recordRead(actor, 'retireDeliveryKey', [`delivery-key:${endpointId}:${keyId}`]);
    return true;
  }

  /**
   * The endpoint's own attempts, retry schedule (first retry's bound, doubling up to the cap, full jitter)
   * and timeout; null for the deployment's (DELIVERY_*). Applies from the next attempt.
   */
  async setRetries(
    actor: Actor,
    endpointId: string,
    retries: {
      maxAttempts: number;
      retryBaseMs: number | null;
      retryMaxMs: number | null;
      timeoutMs: number | null;
    },
  ): Promise<EndpointView> {
    await this.ownEndpoint(actor, endpointId, 'setDeliveryEndpointRetries');
    const problems: string[] = [];
    const within = (name: string, value: number | null, min: number, max: number) => {
      if (value !== null && (!Number.isInteger(value) || value < min || value > max))
        problems.push(`${name} must be from ${min} to ${max}`);
    };
    within('maxAttempts', retries.maxAttempts, 1, 100);
    within('retryBaseMs', retries.retryBaseMs, 1, 3_600_000);
    within('retryMaxMs', retries.retryMaxMs, 1, 86_400_000);
    within('timeoutMs', retries.timeoutMs, 100, 300_000);
    if (
      retries.retryBaseMs !== null &&
      retries.retryMaxMs !== null &&
      retries.retryMaxMs < retries.retryBaseMs
    )
      problems.push('retryMaxMs must not be below retryBaseMs');
    if (problems.length > 0) throw new LookupError('BAD_USER_INPUT', problems.join('; '));
    const updated = await this.repo.setRetries(endpointId, retries);
    if (!updated) throw new LookupError('BAD_USER_INPUT', 'no such delivery endpoint');
    await this.access.recordRead(actor, 'setDeliveryEndpointRetries', [`delivery-endpoint:${endpointId}`]);
    return updated;
  }

  /**
   * Mutual TLS for a webhook endpoint: the client certificate and key the hub presents, and optionally the
   * CA the receiver's certificate must chain to; all null removes it. Checked before it is stored
   * (the key must belong to the certificate); audited. The key is never shown again.
   */
  async setTls(
    actor: Actor,
    endpointId: string,
    input: { clientCertificate: string | null; clientKey: string | null; caCertificate: string | null },
  ): Promise<EndpointView> {
    const endpoint = await this.ownEndpoint(actor, endpointId, 'setDeliveryEndpointTls');
    if (endpoint.kind !== 'WEBHOOK')
      throw new LookupError('BAD_USER_INPUT', 'only a WEBHOOK endpoint uses TLS');
    let tls: EndpointTls | null = null;
    if (input.clientCertificate !== null || input.clientKey !== null || input.caCertificate !== null) {
      if (input.clientCertificate === null || input.clientKey === null)
        throw new LookupError('BAD_USER_INPUT', 'clientCertificate and clientKey are given together');
      if (!endpoint.url?.startsWith('https:'))
        throw new LookupError('BAD_USER_INPUT', 'mutual TLS needs an https:// endpoint');
      const checked = checkTls({
        clientCertificate: input.clientCertificate,
        clientKey: input.clientKey,
        caCertificate: input.caCertificate,
      });
      if (checked.problems.length > 0) throw new LookupError('BAD_USER_INPUT', checked.problems.join('; '));
      tls = {
        clientCertificate: input.clientCertificate,
        clientKey: input.clientKey,
        clientCertificateSubject: checked.subject!,
        ...(input.caCertificate ? { caCertificate: input.caCertificate } : {}),
      };
    }
    const updated = await this.repo.setTls(endpointId, tls);
    if (!updated) throw new LookupError('BAD_USER_INPUT', 'no such delivery endpoint');
    await this.access.recordRead(actor, 'setDeliveryEndpointTls', [`delivery-endpoint:${endpointId}`]);
    return updated;
  }

  async remove(actor: Actor, endpointId: string): Promise<boolean> {
    await this.ownEndpoint(actor, endpointId, 'removeDeliveryEndpoint');
    const removed = await this.repo.removeEndpoint(endpointId);
    await this.access.recordRead(actor, 'removeDeliveryEndpoint', [`delivery-endpoint:${endpointId}`]);
    return removed;
  }

  /** Sends again everything delivered (or failed) to the endpoint since `since`, same idempotency keys. */
  async replay(actor: Actor, endpointId: string, since: Date): Promise<number> {
    await this.ownEndpoint(actor, endpointId, 'replayDeliveries');
    const count = await this.repo.replay(endpointId, since);
    await this.access.recordRead(actor, 'replayDeliveries', [
      `delivery-endpoint:${endpointId}:since:${since.toISOString()}`,
    ]);
    return count;
  }

  /** For a record the caller already holds, released (ProtectiveOrder.deliveries). */
  deliveriesOf(subjectRefs: readonly string[]): Promise<Map<string, DeliveryView[]>> {
    return this.repo.deliveriesOf(subjectRefs);
  }

  private async ownEndpoint(actor: Actor, endpointId: string, operation: string): Promise<EndpointView> {
    await this.access.require(actor, 'FORCE_SETTINGS', operation, [`delivery-endpoint:${endpointId}`]);
    const endpoint = /^[0-9a-f-]{36}$/i.test(endpointId) ? await this.repo.endpoint(endpointId) : null;
    if (!endpoint) throw new LookupError('BAD_USER_INPUT', 'no such delivery endpoint');
    await requireForceAdmin(this.access, actor, endpoint.policeArea, operation);
    return endpoint;
  }

  private checkedUrl(raw: string | null): string {
    let url: URL;
    try {
      url = new URL(raw ?? '');
    } catch {
      throw new LookupError('BAD_USER_INPUT', 'a WEBHOOK endpoint needs an absolute https:// url');
    }
    const allowed = url.protocol === 'https:' || (this.options.allowHttp && url.protocol === 'http:');
    if (!allowed) throw new LookupError('BAD_USER_INPUT', 'a WEBHOOK url must be https://');
    if (url.username || url.password)
      throw new LookupError('BAD_USER_INPUT', 'credentials do not belong in the url: requests are signed');
    return url.toString();
  }
}

/** A maximum replay batch; larger replays are asked for in parts (by `since`). */
export const REPLAY_LIMIT = 10_000;

/** A force administrator manages its own force only; a security administrator any. */
export async function requireForceAdmin(
  access: AccessStep,
  actor: Actor,
  policeArea: string,
  operation: string,
): Promise<string> {
  const area = normaliseArea(policeArea);
  if (!area) throw new LookupError('BAD_USER_INPUT', 'policeArea is required');
  await access.require(actor, 'FORCE_SETTINGS', operation, [`area:${area}`]);
  const reach = grantsFor(actor).get('FORCE_SETTINGS')?.reach;
  if (reach !== 'NATIONAL' && policeAreaOf(actor) !== area)
    await access.refuse(actor, operation, [`area:${area}`], 'OUTSIDE_AREA');
  return area;
}

function newKey(): { keyId: string; secret: string } {
  return { keyId: `k${randomBytes(4).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
}
