import { refuseAsKnownAt } from './as-known-at';
import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type DeliveryView, type EndpointView } from '../../domain/delivery-admin.service';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import {
  DeliveryEndpointGql,
  DeliveryEndpointKindGql,
  DeliveryEndpointRoleGql,
  DeliveryKeyGql,
  OrderDeliveryGql,
  ProtectiveOrderGql,
  RegisteredDeliveryEndpointGql,
} from '../types';

const toEndpointGql = (e: EndpointView): DeliveryEndpointGql => ({
  id: e.endpointId,
  policeArea: e.policeArea,
  kind: e.kind as DeliveryEndpointKindGql,
  url: e.url,
  topic: e.topic,
  role: e.role as DeliveryEndpointRoleGql,
  maxAttempts: e.maxAttempts,
  retryBaseMs: e.retryBaseMs,
  retryMaxMs: e.retryMaxMs,
  timeoutMs: e.timeoutMs,
  clientCertificateSubject: e.clientCertificateSubject,
  pinnedCa: e.pinnedCa,
  keyIds: e.keyIds,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
});

const toDeliveryGql = (d: DeliveryView): OrderDeliveryGql => ({
  id: d.deliveryId,
  endpointId: d.endpointId,
  policeArea: d.policeArea,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  failedAt: d.failedAt,
});

/** A force's delivery endpoints (force-admin of that force, or security-admin), and an order's deliveries. */
@Resolver(() => ProtectiveOrderGql)
export class DeliveryResolver {
  @Query(() => [DeliveryEndpointGql], { description: 'The force’s delivery endpoints.' })
  @Authorized<Gate>('FORCE_SETTINGS')
  async deliveryEndpoints(@Arg('policeArea') policeArea: string, @Ctx() ctx: GatewayContext) {
    return (await ctx.deliveryAdmin.endpoints(ctx.caller(), policeArea)).map(toEndpointGql);
  }

  @Mutation(() => RegisteredDeliveryEndpointGql, {
    description:
      'Registers where the force receives every order change and alert of its area (audited). The first ' +
      'signing key’s secret is in the answer and never shown again.',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async registerDeliveryEndpoint(
    @Arg('policeArea') policeArea: string,
    @Arg('kind', () => DeliveryEndpointKindGql) kind: DeliveryEndpointKindGql,
    @Arg('url', () => String, { nullable: true, description: 'For WEBHOOK: https://…' }) url: string | null,
    @Arg('role', () => DeliveryEndpointRoleGql, { defaultValue: DeliveryEndpointRoleGql.PRIMARY })
    role: DeliveryEndpointRoleGql,
    @Arg('maxAttempts', () => Int, { defaultValue: 8 }) maxAttempts: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<RegisteredDeliveryEndpointGql> {
    const made = await ctx.deliveryAdmin.register(ctx.caller(), { policeArea, kind, url, role, maxAttempts });
    return { endpoint: toEndpointGql(made.endpoint), key: { keyId: made.keyId, secret: made.secret } };
  }

  @Mutation(() => DeliveryEndpointGql, {
    description:
      'Sets the endpoint’s attempts before a delivery is dead-lettered, its retry schedule (first retry’s ' +
      'bound in ms, doubling up to the cap, full jitter) and its timeout; null takes the deployment’s ' +
      '(audited; applies from the next attempt).',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async setDeliveryEndpointRetries(
    @Arg('endpointId') endpointId: string,
    @Arg('maxAttempts', () => Int) maxAttempts: number,
    @Arg('retryBaseMs', () => Int, { nullable: true }) retryBaseMs: number | null,
    @Arg('retryMaxMs', () => Int, { nullable: true }) retryMaxMs: number | null,
    @Arg('timeoutMs', () => Int, { nullable: true }) timeoutMs: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeliveryEndpointGql> {
    return toEndpointGql(
      await ctx.deliveryAdmin.setRetries(ctx.caller(), endpointId, {
        maxAttempts,
        retryBaseMs: retryBaseMs ?? null,
        retryMaxMs: retryMaxMs ?? null,
        timeoutMs: timeoutMs ?? null,
      }),
    );
  }

  @Mutation(() => DeliveryEndpointGql, {
    description:
      'Mutual TLS for a webhook endpoint (PEM): the client certificate and unencrypted key the hub presents, ' +
      'and optionally the CA the receiver’s certificate must chain to (instead of the public CAs). All null ' +
      'removes it. The key must belong to the certificate; it is never shown again (audited).',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async setDeliveryEndpointTls(
    @Arg('endpointId') endpointId: string,
    @Arg('clientCertificate', () => String, { nullable: true }) clientCertificate: string | null,
    @Arg('clientKey', () => String, { nullable: true }) clientKey: string | null,
    @Arg('caCertificate', () => String, { nullable: true }) caCertificate: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeliveryEndpointGql> {
    return toEndpointGql(
      await ctx.deliveryAdmin.setTls(ctx.caller(), endpointId, {
        clientCertificate: clientCertificate ?? null,
        clientKey: clientKey ?? null,
        caCertificate: caCertificate ?? null,
      }),
    );
  }

  @Mutation(() => DeliveryKeyGql, {
    description: 'A new signing key; older keys keep signing until retired, so the receiver can switch over.',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  rotateDeliveryKey(
    @Arg('endpointId') endpointId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeliveryKeyGql> {
    return ctx.deliveryAdmin.rotateKey(ctx.caller(), endpointId);
  }

  @Mutation(() => Boolean, {
    description: 'Stops a key signing (the endpoint’s last key cannot be retired).',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  retireDeliveryKey(
    @Arg('endpointId') endpointId: string,
    @Arg('keyId') keyId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    return ctx.deliveryAdmin.retireKey(ctx.caller(), endpointId, keyId);
  }

  @Mutation(() => Boolean, { description: 'Stops deliveries to the endpoint (pending ones are cancelled).' })
  @Authorized<Gate>('FORCE_SETTINGS')
  removeDeliveryEndpoint(
    @Arg('endpointId') endpointId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    return ctx.deliveryAdmin.remove(ctx.caller(), endpointId);
  }

  @Mutation(() => Int, {
    description:
      'Sends again everything delivered to (or failed at) the endpoint since a point in time, with the same ' +
      'idempotency keys; returns how many (at most 10,000 per call).',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  replayDeliveries(
    @Arg('endpointId') endpointId: string,
    @Arg('since', () => GraphQLDateTime) since: Date,
    @Ctx() ctx: GatewayContext,
  ): Promise<number> {
    return ctx.deliveryAdmin.replay(ctx.caller(), endpointId, since);
  }

  @FieldResolver(() => [OrderDeliveryGql], {
    description: 'Each change of the order delivered to its force’s systems: status, attempts, when.',
  })
  async deliveries(
    @Root() order: ProtectiveOrderGql,
    @Ctx() ctx: GatewayContext,
  ): Promise<OrderDeliveryGql[]> {
    refuseAsKnownAt(order, 'deliveries');
    const loader = ctx.batch(
      'deliveries',
      (_actor, refs: readonly string[]) => ctx.deliveryAdmin.deliveriesOf(refs),
      [],
    );
    return (await loader.load(order.reference)).map(toDeliveryGql);
  }
}
