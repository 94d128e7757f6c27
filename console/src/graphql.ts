import { createClient, type Client } from 'graphql-ws';
import { type Session } from './session';

/** What the gateway answered, as the console shows it: the data, or each error's message and code. */
export interface GraphqlError {
  message: string;
  code: string;
}

export class RequestFailed extends Error {
  constructor(
    readonly errors: GraphqlError[],
    readonly status: number,
  ) {
    super(errors.map((e) => e.message).join('; '));
  }

  /** The token is no longer accepted (expired, revoked): the person must sign in again. */
  get signedOut(): boolean {
    return this.status === 401 || this.errors.some((e) => e.code === 'UNAUTHENTICATED');
  }
}

interface Operation {
  name: string;
  body: string;
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const asErrors = (errors: GraphqlResponse<unknown>['errors']): GraphqlError[] =>
  (errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code ?? 'ERROR' }));

/** One query or mutation over HTTP, as the public API takes it: the token and the stated purpose. */
export async function request<T>(
  session: Session,
  operation: Operation,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      'x-shieldline-purpose': session.purpose,
    },
    body: JSON.stringify({ query: operation.body, operationName: operation.name, variables }),
  });
  let body: GraphqlResponse<T>;
  try {
    body = (await response.json()) as GraphqlResponse<T>;
  } catch {
    throw new RequestFailed(
      [{ message: `the hub answered ${response.status}`, code: 'HTTP' }],
      response.status,
    );
  }
  if (body.errors?.length || !body.data) throw new RequestFailed(asErrors(body.errors), response.status);
  return body.data;
}

/** Why a live view stopped, in words for the person watching it. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

const SESSION_ENDED = new Set([4401, 4403]);

/**
 * One graphql-ws connection for the page. The gateway closes it with 4401/4403 when the token is
 * revoked or expires: then it is not retried, and the page is told the session ended.
 */
export function liveClient(session: Session, onState: (state: LiveState, reason?: string) => void): Client {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  let ended = false;
  return createClient({
    url,
    lazy: false,
    connectionParams: { authorization: `Bearer ${session.token}`, purpose: session.purpose },
    retryAttempts: 30,
    shouldRetry: (event) => {
      const code = (event as CloseEvent | undefined)?.code;
      return !ended && !(code !== undefined && SESSION_ENDED.has(code));
    },
    on: {
      connecting: () => onState(ended ? 'ended' : 'connecting'),
      connected: () => onState('live'),
      closed: (event) => {
        const close = event as CloseEvent | undefined;
        if (close && SESSION_ENDED.has(close.code)) {
          ended = true;
          onState('ended', close.reason || 'the session was ended');
        } else if (!ended) onState('reconnecting');
      },
    },
  });
}

/** Subscribes to one operation; returns the function that stops it. */
export function subscribe<T>(
  client: Client,
  operation: Operation,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError: (errors: GraphqlError[]) => void,
): () => void {
  return client.subscribe<T>(
    { query: operation.body, operationName: operation.name, variables },
    {
      next: (result) => {
        if (result.errors?.length) onError(asErrors(result.errors as GraphqlResponse<T>['errors']));
        else if (result.data) onData(result.data);
      },
      error: (error) => {
        if (Array.isArray(error)) onError(asErrors(error as GraphqlResponse<T>['errors']));
      },
      complete: () => undefined,
    },
  );
}
