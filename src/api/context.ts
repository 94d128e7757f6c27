import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { type CaseLookupService } from '../domain/case-lookup.service';
import {
  type Actor,
  type OfficerLookupService,
  type OrderView,
  type TimelinePage,
} from '../domain/officer-lookup.service';
import { type DeadLetterService } from '../ingest/dead-letter.service';

/** What resolvers delegate to. */
export interface GatewayServices {
  lookup: OfficerLookupService;
  cases: CaseLookupService;
  /** null on a gateway replica without ingest (re-drive publishes through the ingest path). */
  deadLetters: DeadLetterService | null;
}

export interface GatewayContext extends GatewayServices {
  actor: Actor | null;
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

/**
 * Identity for now: headers (or graphql-ws connection params) say who is asking, for which agency, for
 * what purpose, and with which roles. This identifies, it does NOT authenticate — signed tokens replace
 * it in the gateway issue. Reads of personal data are refused without subject, agency and purpose.
 */
export function actorFrom(source: Readonly<Record<string, unknown>>): Actor | null {
  const read = (name: string) => {
    const value = source[name];
    const first = Array.isArray(value) ? (value as unknown[])[0] : value;
    return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
  };
  const subject = read('x-shieldline-actor');
  const agency = read('x-shieldline-agency');
  const purpose = read('x-shieldline-purpose');
  const roles = (read('x-shieldline-roles') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return subject && agency && purpose ? { subject, agency, purpose, roles } : null;
}

export function createContext(services: GatewayServices, actor: Actor | null): GatewayContext {
  const { lookup } = services;
  const loader = (includeEnded: boolean) =>
    new DataLoader<string, OrderView[]>(async (personIds) => {
      const byPerson = await lookup.ordersAgainst(requireActor({ actor }), personIds, includeEnded);
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
    ordersByRespondent: loader(false),
    allOrdersByRespondent: loader(true),
    timelineLoader,
    batch,
  };
}

export function requireActor(ctx: Pick<GatewayContext, 'actor'>): Actor {
  if (!ctx.actor) {
    throw new GraphQLError(
      'Reads of personal data need x-shieldline-actor, x-shieldline-agency and x-shieldline-purpose',
      { extensions: { code: 'UNAUTHENTICATED' } },
    );
  }
  return ctx.actor;
}

/** Operators only (dead letters hold raw source records). */
export function requireRole(ctx: Pick<GatewayContext, 'actor'>, role: string): Actor {
  const actor = requireActor(ctx);
  if (!actor.roles.includes(role)) {
    throw new GraphQLError(`This needs the ${role} role`, { extensions: { code: 'FORBIDDEN' } });
  }
  return actor;
}
