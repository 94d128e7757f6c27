import { type GatewayPubSub } from './subscriptions/change-feed';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { type IngestOutcome } from '../ingest/ingest.service';
import { type CaseLookupService } from '../domain/case-lookup.service';
import { type BailRecord } from '../domain/read-records';
import { type OfficerLookupService } from '../domain/officer-lookup.service';
import { type OrderRecord, type OrderView, type TimelinePage } from '../domain/read-records';
import { type AggregatesService } from '../domain/aggregates.service';
import { type StageLatencyService } from '../domain/stage-latency';
import { type DeadLetterService } from '../ingest/dead-letter.service';
import { type TokenVerifier } from '../security/identity';
import { type Actor } from '../security/actor';
import { type AccessStep } from '../security/access-step';
import { type AuditTrailService } from '../domain/audit-trail.service';
import { type RevocationList } from '../security/revocation';
import { type ReconciliationService } from '../domain/reconciliation.service';
import { type AcknowledgementService } from '../domain/acknowledgement.service';
import { type DeliveryAdminService } from '../domain/delivery-admin.service';
import { type VictimContactService } from '../domain/victim-contact.service';
import { type PersonLinkService } from '../domain/person-link.service';
import { type CourseOfConductService } from '../domain/course-of-conduct.service';
import { type AsKnownAtService } from '../domain/as-known-at.service';

/** Publishes one family-court message through the same path as POST /ingest/family-court-orders. */
export interface CourtOrderPublisher {
  publishCourtOrder(message: Buffer): Promise<IngestOutcome>;
}

/** What resolvers delegate to. */
export interface GatewayServices {
  lookup: OfficerLookupService;
  cases: CaseLookupService;
  aggregates: AggregatesService;
  /** End-to-end lag per source and stage, from the hub's metrics. */
  latency: StageLatencyService;
  auditTrail: AuditTrailService;
  /** null on a gateway replica without ingest (re-drive publishes through the ingest path). */
  deadLetters: DeadLetterService | null;
  /**
   * The ingest path for court publication (publishCourtOrder), bound to the family court's connector by
   * the composition root; null on a replica without ingest.
   */
  publisher: CourtOrderPublisher | null;
  revocations: RevocationList;
  /** Reconciliation results; null on a replica without ingest (where manifests arrive). */
  reconciliation: ReconciliationService | null;
  /** Forces' delivery endpoints and an order's deliveries. */
  deliveryAdmin: DeliveryAdminService;
  /** Orders waiting for a force's acknowledgement, and the forces' settings. */
  acknowledgements: AcknowledgementService;
  /** Victims' consents to be told, and what was sent on them. */
  victims: VictimContactService;
  /** Reviewers' decisions on scored person links. */
  links: PersonLinkService;
  /** A perpetrator–victim pair's history, counts and escalation. */
  conduct: CourseOfConductService;
  /** Records as the hub held them at a past instant. */
  history: AsKnownAtService;
  /** The access step, for refusals decided before any service runs (role gates). */
  access: AccessStep;
  /** The change feed's routing to this replica's subscriptions (subscriptions/change-feed.ts). */
  subscriptions: GatewayPubSub;
}

export interface GatewayContext extends GatewayServices {
  actor: Actor | null;
  authError: string | null;
  /**
   * The caller, checked on every use: a token revoked or expired since the request (or the subscription)
   * began is refused from then on.
   */
  caller(): Actor;
  /** Records a person search read ahead for the fields this request asks next (see ReadAhead). */
  readAhead: { orders: Map<string, OrderRecord[]>; bail: Map<string, BailRecord[]> };
  ordersByRespondent: DataLoader<string, OrderView[]>;
  allOrdersByRespondent: DataLoader<string, OrderView[]>;
  /** One loader per page shape (first, after), so a whole response's timelines load in one statement. */
  timelineLoader(
    first: number,
    after: string | null,
    knownAt?: Date | null,
  ): DataLoader<string, TimelinePage>;
  /**
   * Per-request batch loaders keyed by name: every key asked for while a response resolves is loaded in
   * one call (one SQL statement), whatever the depth of the query.
   */
  batch<K, V>(
    name: string,
    load: (actor: Actor, keys: readonly K[]) => Promise<Map<K, V>>,
    empty: V,
  ): DataLoader<K, V>;
  /** What a subscription filter released for this subscriber, for its resolver to return. */
  deliveries: WeakMap<object, unknown>;
}

/** Who is asking, from the verified bearer token; `authError` says why there is no actor. */
export interface Identity {
  actor: Actor | null;
  authError: string | null;
}

/**
 * The bearer token of a request (Authorization header) or a graphql-ws connection (connectionParams),
 * with the purpose the request declares (X-Shieldline-Purpose header or the `purpose` parameter).
 */
export async function identify(
  verifier: TokenVerifier,
  authorization: unknown,
  declaredPurpose: unknown = null,
): Promise<Identity> {
  const first = (v: unknown) => (Array.isArray(v) ? (v as unknown[])[0] : v);
  const value = first(authorization);
  const purpose = first(declaredPurpose);
  const result = await verifier.verify(
    typeof value === 'string' ? value : undefined,
    typeof purpose === 'string' ? purpose : null,
  );
  if ('actor' in result) return { actor: result.actor, authError: null };
  return { actor: null, authError: 'error' in result ? result.error : null };
}

export function createContext(services: GatewayServices, identity: Identity): GatewayContext {
  const { actor, authError } = identity;
  const { lookup } = services;
  const caller = (): Actor => {
    if (!actor) throw unauthenticated(authError);
    // Checked on every use: a socket opened with a token that has since been revoked or has expired
    // gets nothing more.
    if (services.revocations.isRevoked(actor.tokenId) || actor.expiresAt <= Date.now())
      throw unauthenticated('token revoked or expired');
    return actor;
  };
  const readAhead = { orders: new Map<string, OrderRecord[]>(), bail: new Map<string, BailRecord[]>() };
  const loader = (includeEnded: boolean) =>
    new DataLoader<string, OrderView[]>(async (personIds) => {
      const byPerson = await lookup.ordersAgainst(caller(), personIds, includeEnded, readAhead.orders);
      return personIds.map((id) => byPerson.get(id) ?? []);
    });
  const timelineLoaders = new Map<string, DataLoader<string, TimelinePage>>();
  const timelineLoader = (first: number, after: string | null, knownAt: Date | null = null) => {
    const key = `${first}\u0000${after ?? ''}\u0000${knownAt?.toISOString() ?? ''}`;
    let timeline = timelineLoaders.get(key);
    if (!timeline) {
      timeline = new DataLoader<string, TimelinePage>(async (aggregates) => {
        const pages = await lookup.timelines(caller(), aggregates, first, after, knownAt);
        return aggregates.map((a) => pages.get(a) ?? { entries: [], hasNextPage: false });
      });
      timelineLoaders.set(key, timeline);
    }
    return timeline;
  };
  const batchLoaders = new Map<string, DataLoader<unknown, unknown>>();
  const batch = <K, V>(
    name: string,
    load: (actor: Actor, keys: readonly K[]) => Promise<Map<K, V>>,
    empty: V,
  ): DataLoader<K, V> => {
    let found = batchLoaders.get(name) as DataLoader<K, V> | undefined;
    if (!found) {
      found = new DataLoader<K, V>(async (keys) => {
        const values = await load(caller(), keys);
        return keys.map((k) => values.get(k) ?? empty);
      });
      batchLoaders.set(name, found);
    }
    return found;
  };
  return {
    ...services,
    actor,
    authError,
    caller,
    readAhead,
    ordersByRespondent: loader(false),
    allOrdersByRespondent: loader(true),
    timelineLoader,
    batch,
    deliveries: new WeakMap(),
  };
}

export function unauthenticated(reason: string | null): GraphQLError {
  return new GraphQLError(reason ?? 'A signed bearer token is required (Authorization: Bearer <JWT>)', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}
