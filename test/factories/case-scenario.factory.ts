import { createHash } from 'node:crypto';
import { shieldlineEventsConnector } from '../../connectors/shieldline-events/shieldline-events.connector';
import { normalizeShieldlineEvent } from '../../connectors/shieldline-events/shieldline-events.normalizer';
import { toCloudEvents } from '../../src/ingest/ingest.service';
import { type CloudEvent } from '../../src/messaging/envelope';
import { syntheticPerson, uniqueToken } from './family-court.factory';

/** A record in the canonical connector's format (connectors/shieldline-events). */
export interface CanonicalRecord {
  recordId: string;
  recordVersion: string;
  type: string;
  occurredAt: string | null;
  data: Record<string, unknown>;
}

export interface CaseScenario {
  token: string;
  policeArea: string;
  caseUrn: string;
  victim: Party;
  suspect: Party;
  suspectPnc: string;
  refs: {
    preChargeBail: string;
    courtBail: string;
    notice: string;
    disclosure: string;
    restrainingOrder: string;
    dvpo: string;
    familyOrder: string;
    riskAssessment: string;
    actionPlan: string;
    hearing: string;
  };
  records: CanonicalRecord[];
}

const T = 'uk.shieldline';

/**
 * One domestic-abuse case told by every agency, covering every event type in the catalogue: incident,
 * risk, arrest, RUI, DVPN → DVPO, pre-charge bail, referral, CPS decision and action plan, hearings, court
 * bail, breach (and its outcome), remand, sentence, restraining order varied / extended / breached (a
 * repeat breach), a DVPO revoked and a family-court order (respondent without date of birth) discharged.
 * Unique per token; synthetic names.
 */
export function caseScenario(
  overrides: {
    token?: string;
    policeArea?: string;
    /** What the people's surnames and dates of birth derive from (default: the token). */
    identity?: string;
  } = {},
): CaseScenario {
  const token = overrides.token ?? uniqueToken();
  const identity = overrides.identity ?? token;
  const policeArea = overrides.policeArea ?? 'WYP';
  const caseUrn = `13${token}26`;
  const pnc = `2015/${parseInt(createHash('sha256').update(token).digest('hex').slice(0, 7), 16) % 10_000_000}X`;
  const victimIdentity = syntheticPerson(token, 'victim', identity);
  const suspectIdentity = syntheticPerson(token, 'suspect', identity);
  const victim = party(
    'Vicky',
    victimIdentity.surname,
    victimIdentity.dateOfBirth,
    null,
    { line1: '1 Refuge Row', postcode: 'LS1 1AA' },
    true,
  );
  const suspect = party(
    'Sam',
    suspectIdentity.surname,
    suspectIdentity.dateOfBirth,
    pnc,
    { line1: '9 Home Street', postcode: 'LS2 2BB' },
    false,
  );
  const suspectNoDob = party('Sam', suspectIdentity.surname, null, null, null, false);
  const refs = {
    preChargeBail: `PCB-${token}`,
    courtBail: `CB-${token}`,
    notice: `DVPN-${token}`,
    disclosure: `DVDS-${token}`,
    restrainingOrder: `LDSMC/MC${token}/RO1`,
    dvpo: `LDSMC/DV${token}/1`,
    familyOrder: `LDSFC/FM${token}/1`,
    riskAssessment: `RA-${token}-1`,
    actionPlan: `AP-${token}-1`,
    hearing: `H-${token}-1`,
  };
  const offences = [
    {
      code: 'CJ88116',
      description: 'Common assault',
      modeOfTrial: 'SUMMARY_ONLY',
      committedOn: '2025-11-01',
      commonAssault: true,
    },
    {
      code: 'CD71001',
      description: 'Criminal damage',
      modeOfTrial: 'EITHER_WAY',
      committedOn: '2025-11-01',
      commonAssault: false,
    },
  ];
  const condition = (paragraph: string, text: string) => ({ paragraph, code: null, text });
  const magistrates = { code: 'LDSMC', name: 'Leeds Magistrates Court' };
  let n = 0;
  const record = (
    type: string,
    occurredAt: string | null,
    data: Record<string, unknown>,
  ): CanonicalRecord => ({
    recordId: `${token}-${++n}`,
    recordVersion: '1',
    type: `${T}.${type}.v1`,
    occurredAt,
    data,
  });
  const records: CanonicalRecord[] = [
    record('police.incident.reported', '2025-11-01T21:00:00Z', {
      caseUrn,
      crimeReference: `13/${token}/26`,
      policeArea,
      domesticAbuse: true,
      offences,
      victim,
      suspect,
    }),
    record('police.risk.assessed', '2025-11-01T23:00:00Z', {
      caseUrn,
      policeArea,
      assessmentRef: refs.riskAssessment,
      tool: 'DASH',
      level: 'HIGH',
      assessedOn: '2025-11-01',
      victim,
    }),
    record('police.suspect.arrested', '2025-11-02T01:00:00Z', { caseUrn, policeArea, suspect }),
    record('police.dvpn.issued', '2025-11-02T03:00:00Z', {
      noticeRef: refs.notice,
      caseUrn,
      policeArea,
      perpetrator: suspect,
      protectedPersons: [victim],
      authorisingRank: 'Superintendent',
      authorisedAt: '2025-11-02T03:00:00Z',
      servedAt: '2025-11-02T04:00:00Z',
      conditions: [condition('1', 'Must not enter 1 Refuge Row, Leeds.')],
    }),
    record('police.dvpo.applied', '2025-11-03T09:00:00Z', {
      noticeRef: refs.notice,
      court: magistrates,
      hearingAt: '2025-11-03T14:00:00Z',
    }),
    record('court.order.granted', '2025-11-03T15:00:00Z', {
      orderRef: refs.dvpo,
      orderType: 'DVPO',
      sourceOrderCode: 'DVPO',
      court: magistrates,
      caseNumber: `DV${token}`,
      caseUrn,
      policeArea,
      respondent: suspect,
      protectedPersons: [victim],
      conditions: [condition('1', 'Must not contact the protected person.')],
      powerOfArrest: true,
      withoutNotice: false,
      madeAt: '2025-11-03T15:00:00Z',
      effectiveFrom: '2025-11-03T15:00:00Z',
      expiresAt: '2025-11-30T15:00:00Z',
    }),
    // Voluntary attendance with no source time: the time stays missing, never replaced by receipt.
    record('police.suspect.voluntary-attendance', null, { caseUrn, policeArea, suspect }),
    record('police.suspect.released-under-investigation', '2025-11-02T02:00:00Z', {
      caseUrn,
      policeArea,
      suspect,
      releasedOn: '2025-11-02',
    }),
    record('police.bail.granted', '2025-11-02T12:00:00Z', {
      bailRef: refs.preChargeBail,
      caseUrn,
      policeArea,
      suspect,
      bailedOn: '2025-11-02',
      authorisedBy: 'CUSTODY_OFFICER',
      conditions: [condition('1', 'Not to contact Vicky directly or indirectly.')],
      returnOn: '2025-11-30',
      victimViewsSought: false,
    }),
    record('police.bail.varied', '2025-11-09T10:00:00Z', {
      bailRef: refs.preChargeBail,
      conditions: null,
      returnOn: '2025-12-14',
      authorisedBy: null,
      victimViewsSought: true,
    }),
    record('police.marac.referred', '2025-11-04T10:00:00Z', {
      caseUrn,
      policeArea,
      victim,
      riskLevel: 'HIGH',
      meetingOn: '2025-11-11',
    }),
    record('police.dvds.disclosed', '2025-11-05T10:00:00Z', {
      disclosureRef: refs.disclosure,
      policeArea,
      route: 'RIGHT_TO_KNOW',
      subject: suspect,
      recipient: victim,
      disclosedOn: '2025-11-05',
    }),
    record('court.order.granted', '2025-11-05T11:00:00Z', {
      orderRef: refs.familyOrder,
      orderType: 'NON_MOLESTATION',
      sourceOrderCode: 'FL404A',
      court: { code: 'LDSFC', name: 'Leeds Family Court' },
      caseNumber: `FM${token}`,
      policeArea,
      respondent: suspectNoDob,
      protectedPersons: [victim],
      conditions: [condition('1', 'Must not molest the applicant.')],
      powerOfArrest: false,
      withoutNotice: true,
      madeAt: '2025-11-05T11:00:00Z',
      effectiveFrom: '2025-11-05T11:00:00Z',
      expiresAt: null,
    }),
    record('court.order.revoked', '2025-11-10T10:00:00Z', {
      orderRef: refs.dvpo,
      reason: 'Revoked on appeal',
    }),
    record('police.referral.sent', '2025-11-12T09:00:00Z', {
      caseUrn,
      policeArea,
      suspect,
      offences,
      bailStatus: 'PRE_CHARGE_BAIL_WITH_CONDITIONS',
      riskAssessmentRef: refs.riskAssessment,
      complainantStatementOn: '2025-11-02',
    }),
    record('cps.referral.received', '2025-11-12T10:00:00Z', {
      caseUrn,
      policeArea,
      cpsCaseId: `CPS-${token}`,
      receivedOn: '2025-11-12',
    }),
    record('cps.action-plan.issued', '2025-11-13T10:00:00Z', {
      caseUrn,
      policeArea,
      actionPlanRef: refs.actionPlan,
      actions: ['Obtain 999 call recording'],
      dueOn: '2025-11-20',
    }),
    record('cps.action-plan.completed', '2025-11-19T10:00:00Z', {
      caseUrn,
      policeArea,
      actionPlanRef: refs.actionPlan,
      completedOn: '2025-11-19',
    }),
    record('cps.charging-decision.made', '2025-11-20T10:00:00Z', {
      caseUrn,
      policeArea,
      decision: 'CHARGE',
      decidedOn: '2025-11-20',
      charges: offences,
      reason: null,
    }),
    record('cps.time-limit.marked', '2025-11-20T11:00:00Z', {
      caseUrn,
      policeArea,
      timeLimitOn: '2026-05-01',
      offences: [offences[0]],
    }),
    record('police.bail.cancelled', '2025-11-20T12:00:00Z', {
      bailRef: refs.preChargeBail,
      reason: 'Charged',
    }),
    record('court.hearing.listed', '2025-11-21T09:00:00Z', {
      caseUrn,
      policeArea,
      hearingRef: refs.hearing,
      courtCaseNumber: `MC${token}`,
      court: magistrates,
      hearingType: 'FIRST_HEARING',
      listedFor: '2025-11-24T10:00:00Z',
    }),
    record('court.hearing.outcome', '2025-11-24T12:00:00Z', {
      caseUrn,
      policeArea,
      hearingRef: refs.hearing,
      outcome: 'ADJOURNED',
      results: [{ code: '4506', text: 'Adjourned' }],
    }),
    record('court.bail.granted', '2025-11-24T12:05:00Z', {
      bailRef: refs.courtBail,
      caseUrn,
      policeArea,
      court: magistrates,
      defendant: suspect,
      conditions: [condition('1', 'Not to enter Harehills Lane.')],
      nextHearingOn: '2026-01-10',
    }),
    record('court.bail.varied', '2025-12-01T10:00:00Z', {
      bailRef: refs.courtBail,
      conditions: [condition('1', 'Not to enter Harehills Lane.'), condition('2', 'Curfew 19:00–07:00.')],
      nextHearingOn: null,
    }),
    record('police.breach.reported', '2025-12-05T22:00:00Z', {
      breachRef: `BR-${token}-1`,
      policeArea,
      breached: { kind: 'BAIL', reference: refs.courtBail },
      caseUrn,
      perpetrator: suspect,
      description: 'Seen on Harehills Lane at 22:00',
    }),
    record('court.bail.revoked', '2025-12-06T10:00:00Z', {
      bailRef: refs.courtBail,
      reason: 'Breach of conditions',
    }),
    record('court.remand.custody', '2025-12-06T10:05:00Z', {
      caseUrn,
      policeArea,
      court: magistrates,
      defendant: suspect,
      nextHearingOn: '2026-01-10',
    }),
    record('court.sentence.passed', '2026-01-10T12:00:00Z', {
      caseUrn,
      policeArea,
      court: magistrates,
      defendant: suspect,
      offences,
      sentence: '12 weeks imprisonment suspended for 12 months',
      results: [{ code: '1115', text: 'Suspended sentence order' }],
    }),
    record('court.order.granted', '2026-01-10T12:10:00Z', {
      orderRef: refs.restrainingOrder,
      orderType: 'RESTRAINING_ON_CONVICTION',
      sourceOrderCode: 'RO-CONV',
      court: magistrates,
      caseNumber: `MC${token}`,
      caseUrn,
      policeArea,
      respondent: suspect,
      protectedPersons: [victim],
      conditions: [condition('1', 'Must not contact Vicky by any means.')],
      exclusionZones: [{ description: 'Harehills Lane, Leeds', postcode: 'LS8 3AA', radiusMetres: 100 }],
      powerOfArrest: false,
      withoutNotice: false,
      madeAt: '2026-01-10T12:10:00Z',
      effectiveFrom: '2026-01-10T12:10:00Z',
      expiresAt: '2028-01-10T12:10:00Z',
    }),
    record('court.order.served', '2026-01-10T12:15:00Z', {
      orderRef: refs.restrainingOrder,
      servedAt: '2026-01-10T12:15:00Z',
      method: 'PERSONAL',
    }),
    record('court.order.varied', '2026-02-01T10:00:00Z', {
      orderRef: refs.restrainingOrder,
      variationNumber: 1,
      conditions: [
        condition('1', 'Must not contact Vicky by any means.'),
        condition('2', 'Must not post about Vicky online.'),
      ],
      powerOfArrest: true,
      reason: 'Online harassment',
    }),
    record('court.order.extended', '2026-03-01T10:00:00Z', {
      orderRef: refs.restrainingOrder,
      expiresAt: '2029-01-10T12:10:00Z',
    }),
    record('police.breach.reported', '2026-03-05T20:00:00Z', {
      breachRef: `BR-${token}-2`,
      policeArea,
      breached: { kind: 'ORDER', reference: refs.restrainingOrder },
      caseUrn,
      perpetrator: suspect,
      description: 'Messages sent to Vicky',
      victim,
      crimeReference: `13/${token}/BR2`,
      occurredAt: '2026-03-05T19:40:00Z',
      reportedBy: 'VICTIM',
    }),
    record('court.order.discharged', '2026-03-10T10:00:00Z', {
      orderRef: refs.familyOrder,
      reason: 'Superseded by the restraining order',
    }),
    // Listed last so that the records before keep their ids; placed by its time like every other.
    record('police.breach.outcome', '2025-12-05T23:30:00Z', {
      breachRef: `BR-${token}-1`,
      policeArea,
      outcome: 'ARRESTED',
      reason: null,
    }),
  ];
  return { token, policeArea, caseUrn, victim, suspect, suspectPnc: pnc, refs, records };
}

type Party = ReturnType<typeof party>;

function party(
  given: string,
  family: string,
  dateOfBirth: string | null,
  pncId: string | null,
  address: { line1: string; postcode: string } | null,
  addressConfidential: boolean,
) {
  return {
    name: { given, family },
    dateOfBirth,
    pncId,
    address: address ? { ...address, line2: null, town: 'Leeds' } : null,
    addressConfidential,
  };
}

/**
 * The scenario as the projector would receive it: each record through the canonical connector's pure
 * normalizer and the ingest runtime's pure envelope step, with a fixed receipt time.
 */
export function scenarioEvents(
  scenario: CaseScenario,
  receivedAt = '2026-03-11T00:00:00.000Z',
): CloudEvent[] {
  return scenario.records.flatMap((r) => {
    const result = normalizeShieldlineEvent(Buffer.from(JSON.stringify(r)));
    if (!result.ok)
      throw new Error(`scenario record ${r.recordId} rejected: ${JSON.stringify(result.rejection)}`);
    return toCloudEvents(shieldlineEventsConnector, result.drafts, receivedAt);
  });
}
