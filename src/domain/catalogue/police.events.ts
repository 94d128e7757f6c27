import { Type } from '@sinclair/typebox';
import { defineEvent } from './event-definition';
import {
  CaseUrn,
  CivilDate,
  Condition,
  Court,
  Instant,
  NonEmpty,
  Nullable,
  Offence,
  Party,
  PoliceArea,
} from './schema-parts';

const closed = { additionalProperties: false } as const;
const BailRef = NonEmpty('Bail record reference, unique within the force');
const NoticeRef = NonEmpty('DVPN reference, unique within the force');

export const RISK_LEVELS = ['STANDARD', 'MEDIUM', 'HIGH'] as const;
export const BAIL_AUTHORITIES = ['CUSTODY_OFFICER', 'INSPECTOR', 'SUPERINTENDENT'] as const;
/** Bail status a referral must state (DAC:640); NOT_STATED is a value, never an omission. */
export const BAIL_STATUSES_AT_REFERRAL = [
  'PRE_CHARGE_BAIL_WITH_CONDITIONS',
  'PRE_CHARGE_BAIL_NO_CONDITIONS',
  'RELEASED_UNDER_INVESTIGATION',
  'VOLUNTARY_ATTENDANCE',
  'IN_CUSTODY',
  'NOT_STATED',
] as const;
/** The two police protection notices: a DVPN (CSA 2010) and its successor the DAPN (DAA 2021). */
export const NOTICE_TYPES = ['DVPN', 'DAPN'] as const;
/** Who reported a breach. */
export const BREACH_REPORTERS = ['VICTIM', 'THIRD_PARTY', 'OFFICER', 'OTHER'] as const;
/**
 * What the force did about a breach. DAC:739: "failure to arrest for breaches is common – despite breaches
 * being a criminal offence"; the outcome is recorded so that a breach left without one shows.
 */
export const BREACH_OUTCOMES = [
  'ARRESTED',
  'CHARGED',
  'SUMMONSED',
  'CAUTIONED',
  'NO_FURTHER_ACTION',
  'OTHER',
] as const;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const incidentReported = defineEvent({
  name: 'incidentReported',
  type: 'uk.shieldline.police.incident.reported.v1',
  agency: 'police',
  title: 'Incident reported',
  description:
    'A crime was recorded, with its domestic-abuse flag and every offence (not only the principal).',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      crimeReference: NonEmpty('Force crime reference'),
      policeArea: PoliceArea,
      domesticAbuse: Type.Boolean(),
      offences: Type.Array(Offence, { minItems: 1 }),
      victim: Party,
      suspect: Nullable(Party, 'null when no suspect is identified yet'),
      policePerpetrated: Type.Optional(
        Nullable(
          Type.Object({ accusedForce: PoliceArea }, closed),
          'Police-perpetrated DA: the accused officer’s force, whose staff are kept out of the case (DAC:1394)',
        ),
      ),
    },
    closed,
  ),
});

export const riskAssessed = defineEvent({
  name: 'riskAssessed',
  type: 'uk.shieldline.police.risk.assessed.v1',
  agency: 'police',
  title: 'Risk assessed',
  description: 'A DASH or DARA risk assessment; every assessment is kept (risk history, not one value).',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      assessmentRef: NonEmpty('Full reference of the assessment record'),
      tool: literals(['DASH', 'DARA'] as const),
      level: literals(RISK_LEVELS),
      assessedOn: CivilDate(),
      victim: Party,
    },
    closed,
  ),
});

export const suspectArrested = defineEvent({
  name: 'suspectArrested',
  type: 'uk.shieldline.police.suspect.arrested.v1',
  agency: 'police',
  title: 'Suspect arrested',
  description: 'The suspect was arrested.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object({ caseUrn: CaseUrn, policeArea: PoliceArea, suspect: Party }, closed),
});

export const voluntaryAttendance = defineEvent({
  name: 'voluntaryAttendance',
  type: 'uk.shieldline.police.suspect.voluntary-attendance.v1',
  agency: 'police',
  title: 'Voluntary attendance',
  description: 'The suspect was interviewed under caution without arrest.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object({ caseUrn: CaseUrn, policeArea: PoliceArea, suspect: Party }, closed),
});

export const preChargeBailGranted = defineEvent({
  name: 'preChargeBailGranted',
  type: 'uk.shieldline.police.bail.granted.v1',
  agency: 'police',
  title: 'Pre-charge bail granted',
  description: 'The suspect was released on pre-charge bail, with conditions and a return date.',
  subject: 'the bail reference',
  subjectField: 'bailRef',
  data: Type.Object(
    {
      bailRef: BailRef,
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      suspect: Party,
      bailedOn: CivilDate(),
      arrestedOn: Type.Optional(
        Nullable(
          CivilDate(),
          'day of the arrest for the offence, when known: the bail period is counted from the day after (PACE 1984 s.47ZB(4)(a))',
        ),
      ),
      authorisedBy: literals(BAIL_AUTHORITIES),
      conditions: Nullable(
        Type.Array(Condition),
        'null ⇒ the record did not state the conditions; [] ⇒ bail without conditions (the police format writes NONE)',
      ),
      returnOn: CivilDate(),
      victimViewsSought: Type.Boolean({ description: "whether the victim's views on conditions were taken" }),
    },
    closed,
  ),
});

export const preChargeBailVaried = defineEvent({
  name: 'preChargeBailVaried',
  type: 'uk.shieldline.police.bail.varied.v1',
  agency: 'police',
  title: 'Pre-charge bail varied',
  description: 'Conditions, return date or authority level changed (an extension is a variation).',
  subject: 'the bail reference',
  subjectField: 'bailRef',
  data: Type.Object(
    {
      bailRef: BailRef,
      conditions: Nullable(Type.Array(Condition), 'null ⇒ unchanged'),
      returnOn: Nullable(CivilDate(), 'null ⇒ unchanged'),
      authorisedBy: Nullable(literals(BAIL_AUTHORITIES), 'null ⇒ unchanged'),
      victimViewsSought: Type.Boolean(),
    },
    closed,
  ),
});

export const preChargeBailCancelled = defineEvent({
  name: 'preChargeBailCancelled',
  type: 'uk.shieldline.police.bail.cancelled.v1',
  agency: 'police',
  title: 'Pre-charge bail cancelled',
  description: 'Bail ended (charged, no further action, or released under investigation).',
  subject: 'the bail reference',
  subjectField: 'bailRef',
  data: Type.Object({ bailRef: BailRef, reason: Nullable(Type.String()) }, closed),
});

export const releasedUnderInvestigation = defineEvent({
  name: 'releasedUnderInvestigation',
  type: 'uk.shieldline.police.suspect.released-under-investigation.v1',
  agency: 'police',
  title: 'Released under investigation',
  description: 'The suspect was released without bail while the investigation continues.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    { caseUrn: CaseUrn, policeArea: PoliceArea, suspect: Party, releasedOn: CivilDate() },
    closed,
  ),
});

export const dvpnIssued = defineEvent({
  name: 'dvpnIssued',
  type: 'uk.shieldline.police.dvpn.issued.v1',
  agency: 'police',
  title: 'DVPN or DAPN issued',
  description:
    'A domestic violence protection notice (Crime and Security Act 2010 s.24) or domestic abuse protection ' +
    'notice (Domestic Abuse Act 2021 s.22), with the authorising rank and the time it was served or given.',
  subject: 'the notice reference',
  subjectField: 'noticeRef',
  data: Type.Object(
    {
      noticeRef: NoticeRef,
      caseUrn: Nullable(CaseUrn),
      policeArea: PoliceArea,
      perpetrator: Party,
      protectedPersons: Type.Array(Party, { minItems: 1 }),
      authorisingRank: NonEmpty('the authorising officer’s rank'),
      authorisedAt: Instant(),
      servedAt: Instant('when the notice was served (DVPN) or given (DAPN) to the perpetrator'),
      conditions: Type.Array(Condition),
      // Optional so that v1 records sent before DAPNs existed stay valid: absent is a DVPN, as the
      // event's own type says.
      noticeType: Type.Optional(literals(NOTICE_TYPES)),
    },
    closed,
  ),
});

export const dvpoApplied = defineEvent({
  name: 'dvpoApplied',
  type: 'uk.shieldline.police.dvpo.applied.v1',
  agency: 'police',
  title: 'DVPO or DAPO applied for',
  description:
    'The force applied to the magistrates’ court for a DVPO following a DVPN, or a DAPO following a DAPN.',
  subject: 'the notice reference',
  subjectField: 'noticeRef',
  data: Type.Object(
    { noticeRef: NoticeRef, court: Court, hearingAt: Nullable(Instant(), 'null ⇒ not yet listed') },
    closed,
  ),
});

export const breachReported = defineEvent({
  name: 'breachReported',
  type: 'uk.shieldline.police.breach.reported.v1',
  agency: 'police',
  title: 'Breach reported',
  description: 'A reported breach of an order, bail or notice, linked to what it breaches by reference.',
  subject: 'the breach reference',
  subjectField: 'breachRef',
  data: Type.Object(
    {
      breachRef: NonEmpty(),
      policeArea: PoliceArea,
      breached: Type.Object(
        {
          kind: literals(['ORDER', 'BAIL', 'NOTICE'] as const),
          reference: NonEmpty('order, bail or notice reference'),
        },
        closed,
      ),
      caseUrn: Nullable(CaseUrn),
      perpetrator: Party,
      description: NonEmpty(),
      // Optional so that v1 records sent before these fields existed stay valid; absent and null both mean
      // the source did not say (never read as "nobody" or "now").
      victim: Type.Optional(Nullable(Party, 'the person the breach was against; null ⇒ not stated')),
      crimeReference: Type.Optional(
        Nullable(NonEmpty('Force crime reference of the breach incident'), 'null ⇒ not recorded as a crime'),
      ),
      occurredAt: Type.Optional(Nullable(Instant(), 'when the breach happened; null ⇒ not stated')),
      reportedBy: Type.Optional(Nullable(literals(BREACH_REPORTERS), 'who reported it; null ⇒ not stated')),
    },
    closed,
  ),
});

export const breachOutcomeRecorded = defineEvent({
  name: 'breachOutcomeRecorded',
  type: 'uk.shieldline.police.breach.outcome.v1',
  agency: 'police',
  title: 'Breach outcome recorded',
  description:
    'What the force did about a reported breach (arrest, charge, caution, no further action…). A breach ' +
    'can have several outcomes over time (arrested, then charged); each is one event.',
  subject: 'the breach reference',
  subjectField: 'breachRef',
  data: Type.Object(
    {
      breachRef: NonEmpty(),
      policeArea: PoliceArea,
      outcome: literals(BREACH_OUTCOMES),
      reason: Nullable(Type.String(), 'null ⇒ none given (e.g. why no further action)'),
    },
    closed,
  ),
});

export const referredToCps = defineEvent({
  name: 'referredToCps',
  type: 'uk.shieldline.police.referral.sent.v1',
  agency: 'police',
  title: 'Referred to CPS',
  description:
    'The force asked the CPS for a charging decision. Bail status is required (NOT_STATED is a value), ' +
    'and the risk assessment travels with it.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      suspect: Party,
      offences: Type.Array(Offence, { minItems: 1 }),
      bailStatus: literals(BAIL_STATUSES_AT_REFERRAL),
      riskAssessmentRef: Nullable(Type.String(), 'null ⇒ none attached'),
      complainantStatementOn: Nullable(CivilDate(), 'date of the complainant’s statement, when taken'),
    },
    closed,
  ),
});

export const maracReferral = defineEvent({
  name: 'maracReferral',
  type: 'uk.shieldline.police.marac.referred.v1',
  agency: 'police',
  title: 'MARAC referral',
  description: 'The victim was referred to a multi-agency risk assessment conference.',
  subject: 'the case URN',
  subjectField: 'caseUrn',
  data: Type.Object(
    {
      caseUrn: CaseUrn,
      policeArea: PoliceArea,
      victim: Party,
      riskLevel: literals(RISK_LEVELS),
      meetingOn: Nullable(CivilDate()),
    },
    closed,
  ),
});

export const dvdsDisclosure = defineEvent({
  name: 'dvdsDisclosure',
  type: 'uk.shieldline.police.dvds.disclosed.v1',
  agency: 'police',
  title: 'DVDS disclosure',
  description: 'A Domestic Violence Disclosure Scheme disclosure (right to ask / right to know).',
  subject: 'the disclosure reference',
  subjectField: 'disclosureRef',
  data: Type.Object(
    {
      disclosureRef: NonEmpty(),
      policeArea: PoliceArea,
      route: literals(['RIGHT_TO_ASK', 'RIGHT_TO_KNOW'] as const),
      subject: Party,
      recipient: Party,
      disclosedOn: CivilDate(),
    },
    closed,
  ),
});

/** A UUID, lower case as the hub writes it. */
const PersonLinkId = (description: string) =>
  Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description });

export const LINK_VERDICTS = ['SAME_PERSON', 'DIFFERENT_PEOPLE', 'UNDECIDED'] as const;

export const personLinkDecided = defineEvent({
  name: 'personLinkDecided',
  type: 'uk.shieldline.police.person.link.decided.v1',
  agency: 'police',
  origin: 'hub',
  title: 'Person link decided',
  description:
    'A police reviewer decided whether two person records are one person (docs/person-linkage.md, ' +
    '"Review"). Emitted by the hub when decidePersonLink is called, never accepted from a source. The ' +
    'latest decision for a pair stands; it overrides the score.',
  subject: 'the lower of the two person ids (so one pair’s decisions stay in order)',
  subjectField: 'personA',
  data: Type.Object(
    {
      decisionId: PersonLinkId('The decision’s own id.'),
      personA: PersonLinkId('The lower of the two person ids.'),
      personB: PersonLinkId('The higher of the two person ids.'),
      decision: literals(LINK_VERDICTS),
      reason: Type.String({ minLength: 1, maxLength: 2000 }),
      decidedBy: NonEmpty('The reviewer: the subject of the token that decided.'),
      policeArea: PoliceArea,
    },
    closed,
  ),
});

export const POLICE_EVENTS = [
  incidentReported,
  riskAssessed,
  suspectArrested,
  voluntaryAttendance,
  preChargeBailGranted,
  preChargeBailVaried,
  preChargeBailCancelled,
  releasedUnderInvestigation,
  dvpnIssued,
  dvpoApplied,
  breachReported,
  breachOutcomeRecorded,
  referredToCps,
  maracReferral,
  dvdsDisclosure,
  personLinkDecided,
] as const;
