import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { OrderConflictGql } from './conflict.type';

export enum OrderStatusGql {
  NOT_YET_EFFECTIVE = 'NOT_YET_EFFECTIVE',
  GRANTED_NOT_SERVED = 'GRANTED_NOT_SERVED',
  IN_FORCE = 'IN_FORCE',
  EXPIRED = 'EXPIRED',
  DISCHARGED = 'DISCHARGED',
  REVOKED = 'REVOKED',
}
registerEnumType(OrderStatusGql, {
  name: 'OrderStatus',
  description: 'Status computed at query time from the order dates and service.',
  valuesConfig: {
    NOT_YET_EFFECTIVE: { description: 'Made, but its effective-from time is still ahead.' },
    GRANTED_NOT_SERVED: {
      description:
        'Made and effective, but not yet served (or served only later than the status time) and not made in the respondent’s presence: the respondent may not know of it.',
    },
    IN_FORCE: {
      description: 'Made, effective, and known to the respondent: served, or made with them in court.',
    },
    EXPIRED: { description: 'Its end time has passed (no "expired" event is needed).' },
    DISCHARGED: { description: 'Discharged by the court: never live again, whatever its dates say.' },
    REVOKED: { description: 'Revoked (e.g. on appeal): never live again, whatever its dates say.' },
  },
});

@ObjectType('Court', { description: 'The court that made an order.' })
export class CourtGql {
  @Field({ description: 'Court code in the source system.' }) code!: string;
  @Field() name!: string;
}

@ObjectType('OrderCondition', {
  description:
    'One term of an order, quoted in full as made; an address in the text is replaced by "[address ' +
    'withheld]" for a caller not entitled to it.',
})
export class OrderConditionGql {
  @Field({ description: 'Paragraph number in the order.' }) paragraph!: string;
  @Field(() => String, { nullable: true, description: 'Coded condition, when the court coded it.' })
  code!: string | null;
  @Field({ description: 'Full text; never truncated.' }) text!: string;
}

@ObjectType('ExclusionZone', { description: 'A place the respondent must keep away from.' })
export class ExclusionZoneGql {
  @Field({ description: 'As worded in the order.' }) description!: string;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => Int, { nullable: true }) radiusMetres!: number | null;
}

@ObjectType('OrderVersion', {
  description:
    'One change to an order, in the order they took effect, with what the order said once it applied. The content ' +
    'fields are null on versions projected before versions kept their content (a rebuild fills them).',
})
export class OrderVersionGql {
  @Field(() => Int) version!: number;
  @Field(() => ID) eventId!: string;
  @Field({ description: 'Canonical event type, e.g. uk.shieldline.court.order.varied.v1.' })
  eventType!: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Source time; null when not given.' })
  at!: Date | null;
  @Field(() => [OrderConditionGql], {
    nullable: true,
    description: 'The terms in force from this version on, in full (addresses withheld as for the order).',
  })
  conditions!: OrderConditionGql[] | null;
  @Field(() => [ExclusionZoneGql], { nullable: true }) exclusionZones!: ExclusionZoneGql[] | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'End of the order as of this version; null: until further order (or not kept).',
  })
  expiresAt!: Date | null;
  @Field(() => Boolean, { nullable: true }) powerOfArrest!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it had been served by this version.' })
  served!: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      'DISCHARGED or REVOKED once this version ended the order; null while it had not ended (or not kept).',
  })
  ended!: string | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'What this version changed from the one before: conditions, exclusionZones, expiresAt, powerOfArrest, served, ended (the diff).',
  })
  changed!: string[] | null;
}

@ObjectType('PostalAddress', { description: 'A postal address.' })
export class PostalAddressGql {
  @Field() line1!: string;
  @Field(() => String, { nullable: true }) line2!: string | null;
  @Field(() => String, { nullable: true }) town!: string | null;
  @Field() postcode!: string;
}

@ObjectType('ProtectedParty', {
  description: 'A person an order protects. Addresses are released under the access policy only.',
})
export class ProtectedPartyGql {
  @Field() givenName!: string;
  @Field() familyName!: string;
  @Field({ description: 'A refuge or safe-house address: released only within the order’s police area.' })
  addressConfidential!: boolean;
  @Field(() => PostalAddressGql, {
    nullable: true,
    description:
      'Where the protected person lives (DAC:747): null unless the caller is entitled to addresses, and a ' +
      'confidential one only within the order’s own police area (docs/access-control.md).',
  })
  address!: PostalAddressGql | null;
}

@ObjectType('Provenance', { description: 'Where a fact came from and when the hub learned it.' })
export class ProvenanceGql {
  @Field({ description: 'Connector that received it.' }) sourceSystem!: string;
  @Field(() => ID) grantedEventId!: string;
  @Field(() => ID, { nullable: true }) servedEventId!: string | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'Time the source asserted; null when it gave none.',
  })
  assertedAt!: Date | null;
  @Field(() => GraphQLDateTime, { description: 'When the hub received the order.' }) receivedAt!: Date;
}

@ObjectType('ProtectiveOrder', {
  description: 'A protective order (non-molestation, occupation, restraining, DVPO, DAPO…).',
})
export class ProtectiveOrderGql {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'Set when this answers asKnownAt: the instant it shows the record as the hub then held it ' +
      '(docs/as-known-at.md); null for today’s record.',
  })
  asKnownAt?: Date | null;

  @Field({ description: 'Court code / case number / order number.' }) reference!: string;
  @Field({ description: 'NON_MOLESTATION, OCCUPATION, RESTRAINING_ON_CONVICTION, …' }) orderType!: string;
  @Field({ description: "The source's own code for the order type, e.g. FL404A." }) sourceOrderCode!: string;
  @Field(() => OrderStatusGql) status!: OrderStatusGql;
  @Field(() => GraphQLDateTime, { description: 'The moment the status was computed for.' }) statusAsOf!: Date;
  @Field({
    description:
      'Why the status is what it is, e.g. "granted, not yet served — a breach is an offence only once the respondent is aware of the order …".',
  })
  statusReason!: string;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'From when the respondent is bound: the later of effectiveFrom and service (or the making of the order with the respondent present in court). null while neither is known, or when service was recorded without its time.',
  })
  enforceableFrom!: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the respondent was present when the order was made; null when the source did not say.',
  })
  respondentPresent!: boolean | null;
  @Field(() => CourtGql) court!: CourtGql;
  @Field() caseNumber!: string;
  @Field({ description: 'Police force code notified.' }) policeArea!: string;
  @Field(() => [ProtectedPartyGql]) protectedPersons!: ProtectedPartyGql[];
  @Field(() => [OrderConditionGql]) conditions!: OrderConditionGql[];
  @Field() powerOfArrest!: boolean;
  @Field() withoutNotice!: boolean;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When made; null when the court did not say.',
  })
  madeAt!: Date | null;
  @Field(() => GraphQLDateTime) effectiveFrom!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'null means until further order.' })
  expiresAt!: Date | null;
  @Field({ description: 'True when the order runs until further order.' }) untilFurtherOrder!: boolean;
  @Field(() => GraphQLDateTime, { nullable: true }) servedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'PERSONAL, ALTERNATIVE or DEEMED.' })
  serviceMethod!: string | null;
  @Field(() => [ExclusionZoneGql]) exclusionZones!: ExclusionZoneGql[];
  @Field(() => String, { nullable: true, description: 'URN of the criminal case, for restraining orders.' })
  caseUrn!: string | null;
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When discharged or revoked, if the court said.',
  })
  endedAt!: Date | null;
  @Field(() => String, { nullable: true }) endedReason!: string | null;
  @Field(() => [OrderVersionGql], { description: 'Grant, variations, extensions, service and end.' })
  versions!: OrderVersionGql[];
  @Field(() => [String], { description: 'References of breaches reported against this order.' })
  breachReferences!: string[];
  @Field(() => [OrderConflictGql], {
    description:
      'Fields on which sources disagree about this order (e.g. the family court and another feed give different end dates); empty when they agree.',
  })
  conflicts!: OrderConflictGql[];
  @Field(() => ProvenanceGql) provenance!: ProvenanceGql;
}

export enum OrderChangeTypeGql {
  GRANTED = 'GRANTED',
  SERVED = 'SERVED',
  VARIED = 'VARIED',
  EXTENDED = 'EXTENDED',
  DISCHARGED = 'DISCHARGED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(OrderChangeTypeGql, {
  name: 'OrderChangeType',
  description: 'What happened to the order.',
  valuesConfig: {
    GRANTED: { description: 'A court made the order.' },
    SERVED: { description: 'The respondent was served (breach is now enforceable for an NMO).' },
    VARIED: { description: 'The court varied its terms.' },
    EXTENDED: { description: 'The court extended it.' },
    DISCHARGED: { description: 'The court discharged it.' },
    REVOKED: { description: 'It was revoked.' },
    EXPIRED: {
      description:
        'Its end date came: it is no longer enforceable. Announced by the hub’s timer at that instant ' +
        '(the eventId is the timer’s, not a source event’s).',
    },
  },
});

@ObjectType('OrderAcknowledgement', {
  description: 'A police force acknowledged that it has received the order (docs/architecture.md).',
})
export class OrderAcknowledgementGql {
  @Field() policeArea!: string;
  @Field({ description: 'Token subject of who acknowledged.' }) acknowledgedBy!: string;
  @Field(() => GraphQLDateTime) acknowledgedAt!: Date;
}

@ObjectType('AcknowledgeResult', { description: 'The acknowledgement that stands for the order and area.' })
export class AcknowledgeResultGql extends OrderAcknowledgementGql {
  @Field() reference!: string;
  @Field({ description: 'false when the area had already acknowledged it (the first one stands).' })
  first!: boolean;
}

@ObjectType('OrderChange', {
  description: 'A change to an order, delivered to subscribers of its police area.',
})
export class OrderChangeGql {
  @Field(() => OrderChangeTypeGql) changeType!: OrderChangeTypeGql;
  @Field(() => ID, { description: 'The event behind the change; use it to de-duplicate.' }) eventId!: string;
  @Field(() => ProtectiveOrderGql) order!: ProtectiveOrderGql;
}

@ObjectType('RewordedCondition', {
  description: 'A term whose paragraph is in both versions with other words.',
})
export class RewordedConditionGql {
  @Field() paragraph!: string;
  @Field(() => OrderConditionGql) before!: OrderConditionGql;
  @Field(() => OrderConditionGql) after!: OrderConditionGql;
}

@ObjectType('InstantChange', { description: 'A date that changed; null on a side: until further order.' })
export class InstantChangeGql {
  @Field(() => GraphQLDateTime, { nullable: true }) before!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) after!: Date | null;
}

@ObjectType('FlagChange', { description: 'A yes/no that changed; null on a side: not stated there.' })
export class FlagChangeGql {
  @Field(() => Boolean, { nullable: true }) before!: boolean | null;
  @Field(() => Boolean, { nullable: true }) after!: boolean | null;
}

@ObjectType('EndChange', { description: 'The order’s end that changed; null on a side: not ended there.' })
export class EndChangeGql {
  @Field(() => String, { nullable: true }) before!: string | null;
  @Field(() => String, { nullable: true }) after!: string | null;
}

@ObjectType('OrderVersionDiff', {
  description:
    'What changed in an order from one version to another (docs/versions-and-conflicts.md). Terms are matched by ' +
    'paragraph; addresses are withheld on both sides as for the order.',
})
export class OrderVersionDiffGql {
  @Field(() => Int) fromVersion!: number;
  @Field(() => Int) toVersion!: number;
  @Field({
    description:
      'false when either version was projected before versions kept their content: then nothing is claimed to have changed (a rebuild fills them).',
  })
  contentKept!: boolean;
  @Field(() => [String], {
    description: 'Fields that differ: conditions, exclusionZones, expiresAt, powerOfArrest, served, ended.',
  })
  changed!: string[];
  @Field(() => [OrderConditionGql]) conditionsAdded!: OrderConditionGql[];
  @Field(() => [OrderConditionGql]) conditionsRemoved!: OrderConditionGql[];
  @Field(() => [RewordedConditionGql]) conditionsReworded!: RewordedConditionGql[];
  @Field(() => [ExclusionZoneGql]) exclusionZonesAdded!: ExclusionZoneGql[];
  @Field(() => [ExclusionZoneGql]) exclusionZonesRemoved!: ExclusionZoneGql[];
  @Field(() => InstantChangeGql, { nullable: true, description: 'null: the end date did not change.' })
  expiresAt!: InstantChangeGql | null;
  @Field(() => FlagChangeGql, { nullable: true, description: 'null: unchanged.' })
  powerOfArrest!: FlagChangeGql | null;
  @Field(() => FlagChangeGql, { nullable: true, description: 'null: unchanged.' })
  served!: FlagChangeGql | null;
  @Field(() => EndChangeGql, { nullable: true, description: 'null: unchanged.' }) ended!: EndChangeGql | null;
}
