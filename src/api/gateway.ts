import { type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import {
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
} from 'graphql';
import { TrustedDocuments, type TrustedDocumentsMode, trustedDocumentsMiddleware } from './trusted-documents';
import { checkQueryText, queryLimits } from './query-limits';
import { clientError } from './errors';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { createLogger, type Logger } from '../common/logger';
import { type Telemetry } from '../common/telemetry';
import { type SocketLivenessOptions, watchSocketLiveness } from './subscriptions/socket-liveness';
import { type TokenVerifier } from '../security/identity';
import {
  createContext,
  type GatewayContext,
  type GatewayServices,
  identify,
  unauthenticated,
} from './context';

/** The header a request declares its purpose of use in (narrowing the token's purposes). */
export const PURPOSE_HEADER = 'x-shieldline-purpose';

export interface Gateway {
  stop(): Promise<void>;
}

/**
 * Apollo Server over HTTP at /graphql and graphql-ws on the same path. Both build a fresh context
 * (identity + DataLoaders) per request / per subscription event.
 */
export async function mountGateway(
  app: Express,
  httpServer: Server,
  schema: GraphQLSchema,
  services: GatewayServices,
  verifier: TokenVerifier,
  options: {
    introspection: boolean;
    /** Stack traces, internal messages and field suggestions in answers: the embedded demo only. */
    exposeErrorDetails: boolean;
    maxPayloadBytes: number;
    /** Subscriptions one socket may hold at once (each costs a filter per event). */
    maxSubscriptionsPerSocket?: number;
    socketLiveness?: SocketLivenessOptions;
    logger?: Logger;
    telemetry?: Telemetry;
    trustedDocuments?: { mode: TrustedDocumentsMode; documents: TrustedDocuments };
  },
): Promise<Gateway> {
  const trusted = options.trustedDocuments;
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  // Open sockets by token id, so a revocation closes them (within the revocation poll interval) even when
  // no event is flowing.
  const socketsByToken = new Map<string, Set<WebSocket>>();
  services.revocations.onRevoked((tokenIds) => {
    for (const tokenId of tokenIds) {
      for (const socket of socketsByToken.get(tokenId) ?? []) socket.close(4403, 'Forbidden: token revoked');
      socketsByToken.delete(tokenId);
    }
  });
  const wsCleanup = useServer<Record<string, unknown>, { socket: WebSocket }>(
    {
      schema,
      // The cost measure runs first and alone: a document it refuses is never walked by the other rules.
      validate: (s, document) => {
        const limited = validate(s, document, [queryLimits()]);
        if (limited.length > 0) return limited;
        return validate(s, document, [
          ...specifiedRules,
          ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
        ]);
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? {
              ...result,
              errors: result.errors.map((e) =>
                clientError(e.toJSON(), e, options.exposeErrorDetails),
              ) as unknown as typeof result.errors,
            }
          : result,
      onSubscribe: (ctx, _id, payload) => {
        // In `require` mode a subscription must be a trusted document too (sent as its full text).
        if (trusted?.mode === 'require' && !trusted.documents.isTrusted(payload.query))
          return [
            new GraphQLError('this gateway runs trusted documents only', {
              extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' },
            }),
          ];
        const limit = options.maxSubscriptionsPerSocket ?? 32;
        // graphql-ws has already entered this one among the socket's subscriptions.
        if (Object.keys(ctx.subscriptions).length > limit)
          return [
            new GraphQLError(`at most ${limit} subscriptions per connection`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        return undefined;
      },
      // A subscription socket must present a valid token when it connects; it is checked again per event.
      onConnect: async (ctx) => {
        const { actor } = await identify(
          verifier,
          ctx.connectionParams?.authorization,
          ctx.connectionParams?.purpose,
        );
        if (!actor) return false;
        if (actor.tokenId) {
          const sockets = socketsByToken.get(actor.tokenId) ?? new Set<WebSocket>();
          sockets.add(ctx.extra.socket);
          socketsByToken.set(actor.tokenId, sockets);
          ctx.extra.socket.once('close', () => sockets.delete(ctx.extra.socket));
        }
        return true;
      },
      context: async (ctx) =>
        createContext(
          services,
          await identify(verifier, ctx.connectionParams?.authorization, ctx.connectionParams?.purpose),
        ),
    },
    wsServer,
    // Keep-alive is socket-liveness's (counted, logged, configurable), not graphql-ws's.
    0,
  );
  const liveness = watchSocketLiveness(
    wsServer,
    options.socketLiveness ?? { pingIntervalMs: 10_000, maxBufferedBytes: 4 * 1024 * 1024 },
    options.logger ?? createLogger('silent'),
    options.telemetry,
  );
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: options.introspection,
    validationRules: [queryLimits(), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    // Outside the demo: no stack traces, no "Did you mean …" naming fields a caller may not use, and
    // every error reduced by clientError to its code (src/api/errors.ts).
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    hideSchemaDetailsFromClientErrors: !options.exposeErrorDetails,
    formatError: (formatted, error) => clientError(formatted, error, options.exposeErrorDetails),
    // main.ts owns signals and stops the roles in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Answers about people are never cacheable; the default cache-control plugin would still wrap every
      // field resolution to compute hints nobody uses.
      ApolloServerPluginCacheControlDisabled(),
      {
        serverWillStart() {
          return Promise.resolve({
            async drainServer() {
              liveness.stop();
              await wsCleanup.dispose();
            },
          });
        },
      },
    ],
  });
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: options.maxPayloadBytes }),
    queryCostCheck,
    trustedDocumentsMiddleware(
      trusted?.documents ?? TrustedDocuments.fromDocuments([]),
      trusted?.mode ?? 'off',
    ),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await identify(verifier, req.headers.authorization, req.headers[PURPOSE_HEADER]);
        // A token that was sent and refused (bad signature, expired, revoked, no exp, purpose not
        // allowed) fails the whole request with 401; a request without a token gets 401 from the first
        // field that needs one, and anonymous `{ __typename }` still answers.
        if (identity.authError) throw unauthenticated(identity.authError);
        return createContext(services, identity);
      },
    }),
  );
  return { stop: () => apollo.stop() };
}

/**
 * The query cost measure, before any authentication or validation work: linear in the document, so an
 * unauthenticated caller cannot make the gateway walk an exponential fragment fan-out.
 */
function queryCostCheck(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as { query?: unknown } | undefined;
  const text =
    typeof body?.query === 'string'
      ? body.query
      : typeof req.query.query === 'string'
        ? req.query.query
        : null;
  const refused = text === null ? null : checkQueryText(text);
  if (!refused) return next();
  res.status(400).json({ errors: [{ message: refused.message, extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
}
