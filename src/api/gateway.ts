import { type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express, { type Express } from 'express';
import {
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
} from 'graphql';
import { TrustedDocuments, type TrustedDocumentsMode, trustedDocumentsMiddleware } from './trusted-documents';
import { queryLimits } from './query-limits';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { type TokenVerifier } from '../security/identity';
import { createContext, type GatewayContext, type GatewayServices, identify } from './context';

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
    maxPayloadBytes: number;
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
      validate: (s, document) =>
        validate(s, document, [
          ...specifiedRules,
          queryLimits(),
          ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
        ]),
      // In `require` mode a subscription must be a trusted document too (sent as its full text).
      onSubscribe: (_ctx, _id, payload) =>
        trusted?.mode === 'require' && !trusted.documents.isTrusted(payload.query)
          ? [
              new GraphQLError('this gateway runs trusted documents only', {
                extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' },
              }),
            ]
          : undefined,
      // A subscription socket must present a valid token when it connects; it is checked again per event.
      onConnect: async (ctx) => {
        const { actor } = await identify(verifier, ctx.connectionParams?.authorization);
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
        createContext(services, await identify(verifier, ctx.connectionParams?.authorization)),
    },
    wsServer,
  );
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: options.introspection,
    validationRules: [queryLimits(), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
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
    trustedDocumentsMiddleware(
      trusted?.documents ?? TrustedDocuments.fromDocuments([]),
      trusted?.mode ?? 'off',
    ),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(services, await identify(verifier, req.headers.authorization)),
    }),
  );
  return { stop: () => apollo.stop() };
}
