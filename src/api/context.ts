import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import {
  type Actor,
  type OfficerLookupService,
  type OrderView,
  type TimelinePage,
} from '../domain/officer-lookup.service';

export interface GatewayContext {
  actor: Actor | null;
  lookup: OfficerLookupService;
  ordersByRespondent: DataLoader<string, OrderView[]>;
  allOrdersByRespondent: DataLoader<string, OrderView[]>;
  /** One loader per page shape (first, after), so a whole response's timelines load in one statement. */
  timelineLoader(first: number, after: string | null): DataLoader<string, TimelinePage>;
}

/**
 * Identity for the walking skeleton: three headers (or graphql-ws connection params) say who is asking,
 * for which agency and for what purpose. This identifies, it does NOT authenticate — signed tokens
 * replace it in the gateway issue. Reads of personal data are refused without all three.
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
  return subject && agency && purpose ? { subject, agency, purpose } : null;
}

export function createContext(lookup: OfficerLookupService, actor: Actor | null): GatewayContext {
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
  return {
    actor,
    lookup,
    ordersByRespondent: loader(false),
    allOrdersByRespondent: loader(true),
    timelineLoader,
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
