import { type IngestService } from '../ingest/ingest.service';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { type BailRecord, type CaseLookupService } from '../domain/case-lookup.service';
import {
  type Actor,
  type OfficerLookupService,
  type OrderRecord,
  type OrderView,
  type TimelinePage,
} from '../domain/officer-lookup.service';
import { type DeadLetterService } from '../ingest/dead-letter.service';
import { type TokenVerifier } from '../security/identity';
import { type AuditLogReader } from '../persistence/repositories/audit.repository';
import { type RevocationList } from '../security/revocation';

/** What resolvers delegate to. */
export interface GatewayServices {
  lookup: OfficerLookupService;
  cases: CaseLookupService;
  /** null on a gateway replica without ingest (re-drive publishes through the ingest path). */
  deadLetters: DeadLetterService | null;
  /** The ingest path for court publication (publishCourtOrder); null on a replica without ingest. */
  publisher: IngestService | null;
  auditLog: AuditLogReader;
  revocations: RevocationList;
}

export interface GatewayContext extends GatewayServices {
  actor: Actor | null;
  authError: string | null;
  /** Records a person search read ahead for the fields this request asks next (see ReadAhead). */
  readAhead: { orders: Map<string, OrderRecord[]>; bail: Map<string, BailRecord[]> };
  ordersByRespondent: DataLoader<string, OrderView[]>;
  allOrdersByRespondent: DataLoader<string, OrderView[]>;
  /** One loader per page shape (first, after), so a whole response's timelines load in one statement. */
  timelineLoader(first: number, after: string | null): DataLoader<string, TimelinePage>;
  /**
   * Per-request batch loaders keyed by name: every key asked for while a response resolves is loaded in
   * one call (one SQL statement), whatever the depth of the query.
   */
  batch<K, V>(
    name: string,
    load: (actor: Actor, keys: readonly K[]) => Promise<Map<K, V>>,
    empty: V,
  ): DataLoader<K, V>;
}

/** Who is asking, from the verified bearer token; `authError` says why there is no actor. */
export interface Identity {
  actor: Actor | null;
  authError: string | null;
}

/** The bearer token of a request (Authorization header) or a graphql-ws connection (connectionParams). */
export async function identify(verifier: TokenVerifier, authorization: unknown): Promise<Identity> {
  const value = Array.isArray(authorization) ? (authorization as unknown[])[0] : authorization;
  const result = await verifier.verify(typeof value === 'string' ? value : undefined);
  if ('actor' in result) return { actor: result.actor, authError: null };
  return { actor: null, authError: 'error' in result ? result.error : null };
}

export function createContext(services: GatewayServices, identity: Identity): GatewayContext {
  const { actor, authError } = identity;
  const { lookup } = services;
  const readAhead = { orders: new Map<string, OrderRecord[]>(), bail: new Map<string, BailRecord[]>() };
  const loader = (includeEnded: boolean) =>
    new DataLoader<string, OrderView[]>(async (personIds) => {
      const byPerson = await lookup.ordersAgainst(
        requireActor({ actor }),
        personIds,
        includeEnded,
        readAhead.orders,
      );
      return personIds.map((id) => byPerson.get(id) ?? []);
    });
  const timelineLoaders = new Map<string, DataLoader<string, TimelinePage>>();
  const timelineLoader = (first: number, after: string | null) => {
    const key = `${first}\u0000${after ?? ''}`;
    let timeline = timelineLoaders.get(key);
    if (!timeline) {
      timeline = new DataLoader<string, TimelinePage>(async (aggregates) => {
        const pages = await lookup.timelines(requireActor({ actor }), aggregates, first, after);
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
        const values = await load(requireActor({ actor }), keys);
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
    readAhead,
    ordersByRespondent: loader(false),
    allOrdersByRespondent: loader(true),
    timelineLoader,
    batch,
  };
}

export function requireActor(ctx: Pick<GatewayContext, 'actor'> & { authError?: string | null }): Actor {
  if (!ctx.actor) {
    throw new GraphQLError(
      ctx.authError ?? 'A signed bearer token is required (Authorization: Bearer <JWT>)',
      { extensions: { code: 'UNAUTHENTICATED' } },
    );
  }
  return ctx.actor;
}

/** Operators only (dead letters hold raw source records). */
export function requireRole(ctx: Pick<GatewayContext, 'actor' | 'authError'>, role: string): Actor {
  const actor = requireActor(ctx);
  if (!actor.roles.includes(role)) {
    throw new GraphQLError(`This needs the ${role} role`, { extensions: { code: 'FORBIDDEN' } });
  }
  return actor;
}
