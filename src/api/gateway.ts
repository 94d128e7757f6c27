import { type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type Express } from 'express';
import { type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { actorFrom, createContext, type GatewayContext, type GatewayServices } from './context';

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
  options: { introspection: boolean; maxPayloadBytes: number },
): Promise<Gateway> {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: (ctx) => actorFrom(ctx.connectionParams ?? {}) !== null,
      context: (ctx) => createContext(services, actorFrom(ctx.connectionParams ?? {})),
    },
    wsServer,
  );
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: options.introspection,
    // main.ts owns signals and stops the roles in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
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
    expressMiddleware(apollo, {
      context: ({ req }) => Promise.resolve(createContext(services, actorFrom(req.headers))),
    }),
  );
  return { stop: () => apollo.stop() };
}
