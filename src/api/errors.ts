import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ShieldlineError } from '../common/errors';
import { CursorError } from '../domain/page';
import { LookupError } from '../domain/officer-lookup.service';
import { AccessDenied } from '../security/access-step';
import { decideOnFailure } from '../common/failure-policy';

/** Codes a client may see as they are; anything else becomes INTERNAL_SERVER_ERROR. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'NOT_AVAILABLE',
  'NOT_AVAILABLE_AS_KNOWN_AT',
  'SERVICE_UNAVAILABLE',
]);

/**
 * The one place that turns an error into what a client sees (Apollo formatError over HTTP, and the
 * graphql-ws results): the code in extensions.code, `retriable` where it matters, and never a stack
 * trace, a server path, a SQL or driver message (host, port) unless the embedded demo is running.
 * Refusals say which rule refused, never which record.
 */
export function clientError(
  formatted: GraphQLFormattedError,
  error: unknown,
  exposeDetails: boolean,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof AccessDenied) {
    return { ...base, message: original.message, extensions: { code: 'FORBIDDEN', reason: original.rule } };
  }
  if (original instanceof LookupError) {
    return { ...base, message: original.message, extensions: { code: original.code } };
  }
  if (original instanceof CursorError) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof ShieldlineError) {
    const retriable = decideOnFailure(original) === 'RETRY';
    return {
      ...base,
      message:
        exposeDetails || /^DEAD_LETTER_/.test(original.code)
          ? original.message
          : publicMessage(original.code, retriable),
      extensions: { code: original.code, retriable },
    };
  }
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : null;
  if (code && CLIENT_CODES.has(code)) {
    const extensions: Record<string, unknown> = { code };
    for (const key of ['reason', 'retriable']) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }
    if (exposeDetails && formatted.extensions?.stacktrace)
      extensions.stacktrace = formatted.extensions.stacktrace;
    return { ...base, message: formatted.message, extensions };
  }
  // An unexpected failure (a database outage, a bug): the client learns only that and whether to retry.
  const retriable = decideOnFailure(original) === 'RETRY';
  return {
    ...base,
    message: exposeDetails ? formatted.message : 'internal error; the hub has logged it',
    extensions: {
      code: retriable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR',
      retriable,
      ...(exposeDetails && formatted.extensions?.stacktrace
        ? { stacktrace: formatted.extensions.stacktrace }
        : {}),
    },
  };
}

function publicMessage(code: string, retriable: boolean): string {
  return retriable ? `${code}: temporarily unavailable, try again` : `${code}: not done`;
}
