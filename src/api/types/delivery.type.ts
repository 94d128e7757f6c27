import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum DeliveryEndpointKindGql {
  WEBHOOK = 'WEBHOOK',
  LOG_TOPIC = 'LOG_TOPIC',
}
registerEnumType(DeliveryEndpointKindGql, {
  name: 'DeliveryEndpointKind',
  description: 'How a force receives deliveries.',
  valuesConfig: {
    WEBHOOK: { description: 'A signed HTTPS POST of the CloudEvent (HMAC-SHA256, docs/operations.md).' },
    LOG_TOPIC: {
      description: 'A topic of the force’s own on the hub’s event log (shieldline.force.<AREA>.v1).',
    },
  },
});

export enum DeliveryEndpointRoleGql {
  PRIMARY = 'PRIMARY',
  ESCALATION = 'ESCALATION',
}
registerEnumType(DeliveryEndpointRoleGql, {
  name: 'DeliveryEndpointRole',
  description: 'What an endpoint receives.',
  valuesConfig: {
    PRIMARY: { description: 'Every order change and alert of the force’s area.' },
    ESCALATION: {
      description: 'Only escalations of orders nobody acknowledged (e.g. a duty inspector’s system).',
    },
  },
});

@ObjectType('DeliveryEndpoint', { description: 'Where a force receives its orders and alerts.' })
export class DeliveryEndpointGql {
  @Field(() => ID) id!: string;
  @Field() policeArea!: string;
  @Field(() => DeliveryEndpointKindGql) kind!: DeliveryEndpointKindGql;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) topic!: string | null;
  @Field(() => DeliveryEndpointRoleGql) role!: DeliveryEndpointRoleGql;
  @Field(() => Int, { description: 'Attempts before a delivery is dead-lettered.' }) maxAttempts!: number;
  @Field(() => Int, { nullable: true, description: 'First retry’s bound, ms (null: the deployment’s).' })
  retryBaseMs!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Largest wait between attempts, ms (null: the deployment’s).',
  })
  retryMaxMs!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'A receiver silent this long fails the attempt, ms (null: the deployment’s).',
  })
  timeoutMs!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Mutual TLS: the subject of the client certificate the hub presents (null: none).',
  })
  clientCertificateSubject!: string | null;
  @Field({ description: 'Whether the receiver’s certificate must chain to the force’s own CA.' })
  pinnedCa!: boolean;
  @Field(() => [String], {
    description: 'Ids of the keys that sign, newest first (secrets are never shown again).',
  })
  keyIds!: string[];
  @Field() createdBy!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
}

@ObjectType('DeliveryKey', { description: 'A signing key, shown once: keep the secret in the force system.' })
export class DeliveryKeyGql {
  @Field() keyId!: string;
  @Field() secret!: string;
}

@ObjectType('RegisteredDeliveryEndpoint', { description: 'A new endpoint and its first signing key.' })
export class RegisteredDeliveryEndpointGql {
  @Field(() => DeliveryEndpointGql) endpoint!: DeliveryEndpointGql;
  @Field(() => DeliveryKeyGql) key!: DeliveryKeyGql;
}

@ObjectType('OrderDelivery', { description: 'One change of the order delivered to one force endpoint.' })
export class OrderDeliveryGql {
  @Field(() => ID, { description: 'Also the Idempotency-Key the receiver saw.' }) id!: string;
  @Field(() => ID) endpointId!: string;
  @Field() policeArea!: string;
  @Field({
    description: 'PENDING, DELIVERED, FAILED (dead-lettered), WITHHELD (not the force’s to see), CANCELLED.',
  })
  status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) failedAt!: Date | null;
}
