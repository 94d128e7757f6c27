import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ProtectiveOrderGql } from './order.type';

@ObjectType('OrderEscalation', { description: 'One escalation of an order its force had not acknowledged.' })
export class OrderEscalationGql {
  @Field(() => Int, { description: '1 for the first, then one per escalation interval.' }) step!: number;
  @Field(() => GraphQLDateTime) at!: Date;
}

@ObjectType('OrderNotification', {
  description:
    'The hub told the order’s force of it, and waits for a person there to acknowledge it; every step on ' +
    'the way, in order.',
})
export class OrderNotificationGql {
  @Field() policeArea!: string;
  @Field(() => GraphQLDateTime, { description: 'When the hub first announced the order to the force.' })
  notifiedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Token subject of who acknowledged; null while waiting.',
  })
  acknowledgedBy!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => [OrderEscalationGql], { description: 'Escalations while nobody acknowledged it.' })
  escalations!: OrderEscalationGql[];
}

@ObjectType('UnacknowledgedOrder', {
  description: 'An order notified to the force that nobody has acknowledged.',
})
export class UnacknowledgedOrderGql {
  @Field(() => ProtectiveOrderGql) order!: ProtectiveOrderGql;
  @Field(() => OrderNotificationGql) notification!: OrderNotificationGql;
  @Field(() => Int, { description: 'Seconds since the force was notified.' }) waitingSeconds!: number;
}

@ObjectType('ClockLead', { description: 'A force’s own lead time for one clock rule’s DUE_SOON.' })
export class ClockLeadGql {
  @Field({ description: 'Clock rule id, e.g. SUMMARY_TIME_LIMIT, ORDER_EXPIRY.' }) ruleId!: string;
  @Field(() => Int, { description: 'Minutes before the clock is due; 0: no due-soon.' }) minutes!: number;
}

@ObjectType('ForceSetting', { description: 'How a force’s notified orders wait for acknowledgement.' })
export class ForceSettingGql {
  @Field() policeArea!: string;
  @Field(() => Int, {
    description:
      'Seconds a notified order may wait for a person’s acknowledgement before it escalates (default 900).',
  })
  acknowledgeWithinSeconds!: number;
  @Field(() => Int, { description: 'Seconds between escalations while nobody acknowledges (default 900).' })
  escalateEverySeconds!: number;
  @Field(() => [ClockLeadGql], {
    description: 'The force’s own DUE_SOON lead times (others: the deployment’s, then the rules’ defaults).',
  })
  dueSoonLeads!: ClockLeadGql[];
  @Field(() => String, { nullable: true, description: 'Who set it; null: the defaults.' }) updatedBy!:
    string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) updatedAt!: Date | null;
}
