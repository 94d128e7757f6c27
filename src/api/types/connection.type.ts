import { GraphQLError } from 'graphql';
import { type ClassType, Field, ObjectType } from 'type-graphql';
import { CursorError, type Page, type PageRequest } from '../../domain/page';
import { PageInfoGql } from './timeline.type';

/**
 * A Relay connection type for `nodeType`: `<Name>Connection { edges { cursor node } pageInfo }` with a
 * `<Name>Edge`. Subclass it to name and describe the connection:
 * `@ObjectType('AlertConnection', {...}) class AlertConnectionGql extends Connection(AlertGql, 'Alert') {}`.
 */
export function Connection<T extends object>(nodeType: ClassType<T>, nodeName: string) {
  @ObjectType(`${nodeName}Edge`, { description: `One ${nodeName} and its cursor.` })
  class Edge {
    @Field({ description: 'Pass as `after` to read on from here.' }) cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType()
  abstract class ConnectionBase {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfoGql) pageInfo!: PageInfoGql;
  }
  return ConnectionBase;
}

/** A page request from `first` / `after` arguments, checked: first from 1 to max. */
export function pageRequest(first: number, after: string | null | undefined, max: number): PageRequest {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new GraphQLError(`first must be from 1 to ${max}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return { first, after: after ?? null };
}

/** A domain page as a connection; a cursor this list never handed out is the caller's error. */
export async function toConnection<T, N>(
  read: () => Promise<Page<T>>,
  toNode: (item: T) => N,
): Promise<{ edges: { cursor: string; node: N }[]; pageInfo: PageInfoGql }> {
  let page: Page<T>;
  try {
    page = await read();
  } catch (err) {
    if (err instanceof CursorError) {
      throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    throw err;
  }
  return {
    edges: page.items.map((i) => ({ cursor: i.cursor, node: toNode(i.node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
  };
}
