import { PublishResolver } from './resolvers/publish.resolver';
import { type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AlertResolver } from './resolvers/alert.resolver';
import { CaseResolver } from './resolvers/case.resolver';
import { DeadLetterResolver } from './resolvers/dead-letter.resolver';
import { OrderResolver } from './resolvers/order.resolver';
import { PersonResolver } from './resolvers/person.resolver';
import { SecurityResolver } from './resolvers/security.resolver';
import { StatisticsResolver } from './resolvers/statistics.resolver';
import { AuditResolver } from './resolvers/audit.resolver';
import { ReconciliationResolver } from './resolvers/reconciliation.resolver';
import { AcknowledgementResolver } from './resolvers/acknowledgement.resolver';
import { DeliveryResolver } from './resolvers/delivery.resolver';
import { VictimResolver } from './resolvers/victim.resolver';
import { PersonLinkResolver } from './resolvers/person-link.resolver';
import { ConductResolver } from './resolvers/conduct.resolver';
import { authChecker } from './auth-checker';
import { createGatewayPubSub, type GatewayPubSub } from './subscriptions/change-feed';

export const RESOLVERS = [
  PersonResolver,
  OrderResolver,
  CaseResolver,
  AlertResolver,
  DeadLetterResolver,
  SecurityResolver,
  PublishResolver,
  StatisticsResolver,
  AuditResolver,
  ReconciliationResolver,
  AcknowledgementResolver,
  DeliveryResolver,
  VictimResolver,
  PersonLinkResolver,
  ConductResolver,
] as const;

/** Without a pub/sub (schema emission) a private one is used; it is never fed. */
export async function buildGatewaySchema(
  pubSub: GatewayPubSub = createGatewayPubSub(),
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    pubSub,
    authChecker,
    validate: false,
    emitSchemaFile: false,
  });
}
