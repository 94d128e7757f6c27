import { Type } from '@sinclair/typebox';
import { defineEvent } from './event-definition';
import {
  CaseUrn,
  CivilDate,
  Condition,
  Court,
  ExclusionZone,
  Instant,
  NonEmpty,
  Nullable,
  Offence,
  Party,
  PoliceArea,
  ResultCode,
} from './schema-parts';

export const ORDER_TYPES = [
  'NON_MOLESTATION',
  'OCCUPATION',
  'RESTRAINING_ON_CONVICTION',
  'RESTRAINING_ON_ACQUITTAL',
  'DVPO',
  'DAPO',
  'OTHER',
] as const;

const OrderRef = NonEmpty('Order reference: court code / case number / order number');
const BailRef = NonEmpty('Bail record reference, unique within the issuing system');
const closed = { additionalProperties: false } as const;

export const orderGranted = defineEvent({
  name: 'orderGranted',
  type: 'uk.shieldline.court.order.granted.v1',
  agency: 'court',
  title: 'Protective order granted',
  description: 'A court has made a protective order (any type; unknown types are OTHER with the code kept).',
  subject: 'the order reference',
  subjectField: 'orderRef',
  data: Type.Object(
    {
      orderRef: OrderRef,
      orderType: Type.Union(ORDER_TYPES.map((t) => Type.Literal(t))),
      sourceOrderCode: NonEmpty("The source system's own code for the order type, always kept"),
      court: Court,
      caseNumber: NonEmpty('Court case number'),
      caseUrn: Type.Optional(Nullable(CaseUrn, 'URN of the criminal case (restraining orders, DVPOs)')),
      policeArea: PoliceArea,
      respondent: Party,
      protectedPersons: Type.Array(Party, { minItems: 1 }),
      conditions: Type.Array(Condition),
      exclusionZones: Type.Optional(Type.Array(ExclusionZone)),
      powerOfArrest: Type.Boolean(),
      withoutNotice: Type.Boolean(),
      respondentPresent: Type.Optional(
        Nullable(
          Type.Boolean(),
          'whether the respondent was present when the order was made (then bound from that moment, no service needed); null when the source does not say',
        ),
      ),
      madeAt: Nullable(Instant()),
      effectiveFrom: Instant(),
      expiresAt: Nullable(Instant(), 'null ⇒ until further order'),
    },
    closed,
  ),
});

export const orderServed = defineEvent({
  name: 'orderServed',
  type: 'uk.shieldline.court.order.served.v1',
  agency: 'court',
  title: 'Protective order served',
  description: 'The respondent has been served with the order (statement of service).',
  subject: 'the order reference',
  subjectField: 'orderRef',
  data: Type.Object(
    {
      orderRef: OrderRef,
      servedAt: Nullable(Instant(), 'null when the statement of service gave no time'),
      method: Type.Union([Type.Literal('PERSONAL'), Type.Literal('ALTERNATIVE'), Type.Literal('DEEMED')]),
    },
    closed,
  ),
});

export const orderVaried = defineEvent({
  name: 'orderVaried',
  type: 'uk.shieldline.court.order.varied.v1',
  agency: 'court',
  title: 'Protective order varied',
  description:
    'The court varied the order. Each field present and not null replaces the order’s value from the ' +
    'variation’s effective time; absent or null fields are unchanged.',
  subject: 'the order reference',
  subjectField: 'orderRef',
  data: Type.Object(
    {
      orderRef: OrderRef,
      variationNumber: Type.Integer({ minimum: 1, description: 'Orders variations made at the same time' }),
      conditions: Type.Optional(Nullable(Type.Array(Condition))),
      exclusionZones: Type.Optional(Nullable(Type.Array(ExclusionZone))),
      powerOfArrest: Type.Optional(Nullable(Type.Boolean())),
      reason: Nullable(Type.String()),
    },
    closed,
  ),
});

export const orderExtended = defineEvent({
  name: 'orderExtended',
  type: 'uk.shieldline.court.order.extended.v1',
  agency: 'court',
  title: 'Protective order extended',
  description: 'The court extended the order to a new end (null ⇒ until further order).',
  subject: 'the order reference',
  subjectField: 'orderRef',
  data: Type.Object(
    { orderRef: OrderRef, expiresAt: Nullable(Instant(), 'null ⇒ until further order') },
    closed,
  ),
});

export const orderDischarged = defineEvent({
  name: 'orderDischarged',
  type: 'uk.shieldline.court.order.discharged.v1',
  agency: 'court',
  title: 'Protective order discharged',
  description: 'The court discharged the order; it is never shown as live afterwards.',
  subject: 'the order reference',
  subjectField: 'orderRef',
  data: Type.Object({ orderRef: OrderRef, reason: Nullable(Type.String()) }, closed),
});

export const orderRevoked = defineEvent({
  name: 'orderRevoked',
  type: 'uk.shieldline.court.order.revoked.v1',
  agency: 'court',
  title: 'Protective order revoked',
  description: 'The order was revoked (e.g. on appeal); it is never shown as live afterwards.',
  subject: 'the order reference',
  subjectField: 'orderRef',
  data: Type.Object({ orderRef: OrderRef, reason: Nullable(Type.String()) }, closed),
});

export const courtBailGranted = defineEvent({
  name: 'courtBailGranted',
  type: 'uk.shieldline.court.bail.granted.v1',
  agency: 'court',
  title: 'Court bail granted',
  description: 'A court granted bail, with its conditions and the next hearing.',
  subject: 'the bail reference',
  subjectField: 'bailRef',
  data: Type.Object(
    {
      bailRef: BailRef,
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      court: Court,
      defendant: Party,
      conditions: Type.Array(Condition),
      nextHearingOn: Nullable(CivilDate()),
    },
    closed,
  ),
});

export const courtBailVaried = defineEvent({
  name: 'courtBailVaried',
  type: 'uk.shieldline.court.bail.varied.v1',
  agency: 'court',
  title: 'Court bail varied',
  description: 'The court replaced the bail conditions and/or the next hearing date.',
  subject: 'the bail reference',
  subjectField: 'bailRef',
  data: Type.Object(
    {
      bailRef: BailRef,
      conditions: Nullable(Type.Array(Condition), 'null ⇒ unchanged'),
      nextHearingOn: Nullable(CivilDate(), 'null ⇒ unchanged'),
    },
    closed,
  ),
});

export const courtBailRevoked = defineEvent({
  name: 'courtBailRevoked',
  type: 'uk.shieldline.court.bail.revoked.v1',
  agency: 'court',
  title: 'Court bail revoked',
  description: 'The court revoked bail (the defendant is remanded or the case has ended).',
  subject: 'the bail reference',
  subjectField: 'bailRef',
  data: Type.Object({ bailRef: BailRef, reason: Nullable(Type.String()) }, closed),
});

export const remandedInCustody = defineEvent({
  name: 'remandedInCustody',
  type: 'uk.shieldline.court.remand.custody.v1',
  agency: 'court',
  title: 'Remanded in custody',
  description: 'The defendant was remanded in custody until the next hearing.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      court: Court,
      defendant: Party,
      nextHearingOn: Nullable(CivilDate()),
    },
    closed,
  ),
});

export const hearingListed = defineEvent({
  name: 'hearingListed',
  type: 'uk.shieldline.court.hearing.listed.v1',
  agency: 'court',
  title: 'Hearing listed',
  description: 'A hearing in a criminal case was listed.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      hearingRef: NonEmpty(),
      courtCaseNumber: Nullable(Type.String()),
      court: Court,
      hearingType: NonEmpty('e.g. FIRST_HEARING, TRIAL, SENTENCE'),
      listedFor: Instant(),
    },
    closed,
  ),
});

export const hearingOutcome = defineEvent({
  name: 'hearingOutcome',
  type: 'uk.shieldline.court.hearing.outcome.v1',
  agency: 'court',
  title: 'Hearing outcome',
  description: 'The result of a hearing, with its coded results.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      hearingRef: NonEmpty(),
      outcome: NonEmpty('e.g. ADJOURNED, GUILTY_PLEA, CONVICTED, ACQUITTED'),
      results: Type.Array(ResultCode),
    },
    closed,
  ),
});

export const sentencePassed = defineEvent({
  name: 'sentencePassed',
  type: 'uk.shieldline.court.sentence.passed.v1',
  agency: 'court',
  title: 'Sentence passed',
  description: 'The defendant was sentenced.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      court: Court,
      defendant: Party,
      offences: Type.Array(Offence, { minItems: 1 }),
      sentence: NonEmpty('Sentence as pronounced, in full'),
      results: Type.Array(ResultCode),
    },
    closed,
  ),
});

export const COURT_EVENTS = [
  orderGranted,
  orderServed,
  orderVaried,
  orderExtended,
  orderDischarged,
  orderRevoked,
  courtBailGranted,
  courtBailVaried,
  courtBailRevoked,
  remandedInCustody,
  hearingListed,
  hearingOutcome,
  sentencePassed,
] as const;
