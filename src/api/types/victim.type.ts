import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum VictimChannelGql {
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  LETTER = 'LETTER',
}
registerEnumType(VictimChannelGql, {
  name: 'VictimChannel',
  description: 'How a protected person asked to be told (sent through GOV.UK Notify).',
});

export enum VictimTopicGql {
  ORDERS = 'ORDERS',
  BAIL = 'BAIL',
  CUSTODY = 'CUSTODY',
  HEARINGS = 'HEARINGS',
  NOTICES = 'NOTICES',
}
registerEnumType(VictimTopicGql, {
  name: 'VictimTopic',
  description: 'What a protected person chose to be told about.',
  valuesConfig: {
    ORDERS: { description: 'An order protecting them served, varied, ended, ending soon or ended.' },
    BAIL: { description: 'Bail of the other person granted, varied or ended.' },
    CUSTODY: { description: 'The other person released while enquiries continue.' },
    HEARINGS: { description: 'A hearing date set or changed.' },
    NOTICES: { description: 'A DVPN given, a DVPO or DAPO made.' },
  },
});

export enum VictimDetailGql {
  SUMMARY = 'SUMMARY',
  CONTACT_REQUEST_ONLY = 'CONTACT_REQUEST_ONLY',
}
registerEnumType(VictimDetailGql, {
  name: 'VictimDetail',
  description: 'How much a message says (docs/victim-notification.md has every text).',
  valuesConfig: {
    SUMMARY: { description: 'What happened and its date, in neutral words, and whom to call.' },
    CONTACT_REQUEST_ONLY: { description: 'Only that there is an update and whom to call.' },
  },
});

@InputType('QuietWindowInput', { description: 'A time not to contact the person, England & Wales time.' })
export class QuietWindowInput {
  @Field({ description: 'HH:MM, England & Wales time, inclusive.' }) from!: string;
  @Field({ description: 'HH:MM, exclusive; earlier than from for a window over midnight.' }) to!: string;
}

@InputType('SafePostalAddressInput', { description: 'A safe postal address the person chose.' })
export class SafePostalAddressInput {
  @Field(() => [String], { description: '2 to 6 lines.' }) lines!: string[];
  @Field() postcode!: string;
}

@InputType('VictimConsentInput', {
  description: 'A protected person’s consent to be told, as they gave it (opt-in; withdrawable at any time).',
})
export class VictimConsentInput {
  @Field(() => ID, { description: 'The person, as searchPeople found them.' }) personId!: string;
  @Field(() => VictimChannelGql) channel!: VictimChannelGql;
  @Field(() => String, { nullable: true, description: 'SMS: a safe number the person chose.' })
  phoneNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'EMAIL: a safe address the person chose.' })
  emailAddress!: string | null;
  @Field(() => SafePostalAddressInput, {
    nullable: true,
    description: 'LETTER: a safe postal address the person chose (not necessarily where they live).',
  })
  postalAddress!: SafePostalAddressInput | null;
  @Field(() => [VictimTopicGql]) topics!: VictimTopicGql[];
  @Field(() => VictimDetailGql, { defaultValue: VictimDetailGql.CONTACT_REQUEST_ONLY })
  detail!: VictimDetailGql;
  @Field({
    description: 'Do not leave messages: every message is then a contact request that says nothing else.',
  })
  doNotLeaveMessages!: boolean;
  @Field(() => [QuietWindowInput], { defaultValue: [], description: 'Times not to contact (at most 6).' })
  quietHours!: QuietWindowInput[];
  @Field(() => GraphQLDateTime, { description: 'When the person gave their consent.' }) consentedAt!: Date;
}

@ObjectType('QuietWindow', {
  description: 'A time not to contact the person (HH:MM to HH:MM, England & Wales time).',
})
export class QuietWindowGql {
  @Field() from!: string;
  @Field() to!: string;
}

@ObjectType('SafePostalAddress', { description: 'A safe postal address the person chose for letters.' })
export class SafePostalAddressGql {
  @Field(() => [String]) lines!: string[];
  @Field() postcode!: string;
}

@ObjectType('VictimConsent', {
  description:
    'A protected person’s consent to be told, with the safe contact they chose. Readable by police and IDVAs ' +
    'of the area that recorded it, for safeguarding (audited).',
})
export class VictimConsentGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) personId!: string;
  @Field({ description: 'The police area that recorded it (and whose contact line messages give).' })
  policeArea!: string;
  @Field(() => VictimChannelGql) channel!: VictimChannelGql;
  @Field(() => String, { nullable: true }) phoneNumber!: string | null;
  @Field(() => String, { nullable: true }) emailAddress!: string | null;
  @Field(() => SafePostalAddressGql, { nullable: true }) postalAddress!: SafePostalAddressGql | null;
  @Field(() => [VictimTopicGql]) topics!: VictimTopicGql[];
  @Field(() => VictimDetailGql) detail!: VictimDetailGql;
  @Field() doNotLeaveMessages!: boolean;
  @Field(() => [QuietWindowGql]) quietHours!: QuietWindowGql[];
  @Field(() => GraphQLDateTime) consentedAt!: Date;
  @Field() recordedBy!: string;
  @Field(() => GraphQLDateTime) recordedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) withdrawnAt!: Date | null;
  @Field(() => String, { nullable: true }) withdrawnBy!: string | null;
  @Field(() => String, { nullable: true }) withdrawalReason!: string | null;
  @Field() active!: boolean;
}

@ObjectType('VictimNotificationStep', {
  description: 'One step of a notification: created, attempt failed, handed to Notify, a Notify status.',
})
export class VictimNotificationStepGql {
  @Field() status!: string;
  @Field(() => GraphQLDateTime) at!: Date;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

@ObjectType('VictimNotification', {
  description:
    'One message the hub sent (or tried to send) on a consent, with every status GOV.UK Notify reported.',
})
export class VictimNotificationGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) consentId!: string;
  @Field({
    description:
      'ORDER_SERVED, ORDER_VARIED, ORDER_DISCHARGED, ORDER_EXPIRING, ORDER_EXPIRED, BAIL_GRANTED, BAIL_VARIED, ' +
      'BAIL_ENDED, RELEASED_FROM_CUSTODY, HEARING_DATE_SET, NOTICE_ISSUED, NOTICE_ORDER_GRANTED.',
  })
  kind!: string;
  @Field({ description: 'The order (order:<ref>) or case (case:<urn>) it is about.' }) subject!: string;
  @Field({
    description:
      'PENDING, SENDING (accepted by Notify), DELIVERED, PERMANENT_FAILURE, TEMPORARY_FAILURE, TECHNICAL_FAILURE, ' +
      'FAILED (the hub could not hand it over; alerted), CANCELLED (consent withdrawn first).',
  })
  status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => String, { nullable: true, description: 'GOV.UK Notify’s id.' }) notifyId!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) sentAt!: Date | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => [VictimNotificationStepGql]) history!: VictimNotificationStepGql[];
}
