import {
  BAIL_AUTHORITIES,
  BAIL_STATUSES_AT_REFERRAL,
  BREACH_OUTCOMES,
  BREACH_REPORTERS,
  EVENT_TYPES,
  type EventDraft,
  type FlatRecord,
  isRealDate,
  isRealInstant,
  type NormalizeResult,
  parseFlatRecord,
  type Problem,
  reject,
  rejectCollected,
  type RejectionReason,
  RISK_LEVELS,
  splitList,
} from '../contract';

export const POLICE_CONNECTOR_ID = 'police-records';

/**
 * Police record export (CSV batch or the same fields as one JSON object per push). The column set is
 * documented in README.md; one row is one record of `record_type`, using the columns that type needs.
 */
export const RECORD_TYPES = {
  INCIDENT: EVENT_TYPES.incidentReported,
  RISK_ASSESSMENT: EVENT_TYPES.riskAssessed,
  ARREST: EVENT_TYPES.suspectArrested,
  VOLUNTARY_ATTENDANCE: EVENT_TYPES.voluntaryAttendance,
  BAIL_GRANTED: EVENT_TYPES.preChargeBailGranted,
  BAIL_VARIED: EVENT_TYPES.preChargeBailVaried,
  BAIL_CANCELLED: EVENT_TYPES.preChargeBailCancelled,
  RUI: EVENT_TYPES.releasedUnderInvestigation,
  DVPN: EVENT_TYPES.dvpnIssued,
  DVPO_APPLICATION: EVENT_TYPES.dvpoApplied,
  /** Domestic abuse protection notice (DAA 2021 s.22): the same columns as a DVPN; served_at is when given. */
  DAPN: EVENT_TYPES.dvpnIssued,
  DAPO_APPLICATION: EVENT_TYPES.dvpoApplied,
  BREACH: EVENT_TYPES.breachReported,
  BREACH_OUTCOME: EVENT_TYPES.breachOutcomeRecorded,
  CPS_REFERRAL: EVENT_TYPES.referredToCps,
} as const;
export type PoliceRecordType = keyof typeof RECORD_TYPES;

const PERSON_FIELDS = [
  'forename',
  'surname',
  'dob',
  'pnc',
  'cro',
  'address_line1',
  'address_line2',
  'town',
  'postcode',
];

export const POLICE_COLUMNS: ReadonlySet<string> = new Set([
  'record_type',
  'record_id',
  'record_version',
  'recorded_at',
  'force',
  'urn',
  'crime_ref',
  'da_flag',
  'accused_force',
  ...PERSON_FIELDS.map((f) => `suspect_${f}`),
  ...PERSON_FIELDS.map((f) => `victim_${f}`),
  'victim_address_confidential',
  'offences',
  'risk_tool',
  'risk_level',
  'assessment_ref',
  'assessed_on',
  'bail_ref',
  'bailed_on',
  'arrested_on',
  'bail_authority',
  'return_on',
  'victim_views_sought',
  'conditions',
  'reason',
  'released_on',
  'notice_ref',
  'authorising_rank',
  'authorised_at',
  'served_at',
  'court_code',
  'court_name',
  'hearing_at',
  'breach_ref',
  'breached_kind',
  'breached_ref',
  'occurred_at',
  'reported_by',
  'outcome',
  'details',
  'bail_status',
  'risk_assessment_ref',
  'statement_on',
]);

/** Mode of trial letters as in force and CPS systems (same codes as the CPS connector; unverified). */
const MODES = { S: 'SUMMARY_ONLY', E: 'EITHER_WAY', I: 'INDICTABLE_ONLY' } as const;
const RISK_TOOLS = ['DASH', 'DARA'] as const;
const BREACHED_KINDS = ['ORDER', 'BAIL', 'NOTICE'] as const;

/** Collects every problem with the reason it implies, so one rejection lists them all. */
class Fields {
  readonly problems: (Problem & { reason: RejectionReason })[] = [];
  constructor(private readonly record: FlatRecord) {}

  problem(path: string, message: string, reason: RejectionReason = 'SCHEMA_INVALID'): void {
    this.problems.push({ path, message, reason });
  }

  optional(name: string): string | null {
    const value = this.record.get(name) ?? '';
    return value === '' ? null : value;
  }

  required(name: string, why: string): string {
    const value = this.optional(name);
    if (value === null) this.problem(name, `is required for ${why}`);
    return value ?? '';
  }

  date(name: string, why: string | null): string | null {
    const value = why ? this.required(name, why) : this.optional(name);
    if (!value) return why ? '' : null;
    if (!isRealDate(value)) {
      this.problem(
        name,
        /^\d{4}-\d{2}-\d{2}$/.test(value)
          ? `${value} is not a real date`
          : `must be YYYY-MM-DD, got "${value}"`,
        /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID',
      );
    }
    return value;
  }

  instant(name: string, why: string | null): string | null {
    const value = why ? this.required(name, why) : this.optional(name);
    if (!value) return why ? '' : null;
    if (!isRealInstant(value)) {
      const shaped = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
      this.problem(
        name,
        shaped
          ? `${value} is not a real time`
          : `must be an ISO 8601 time with its offset (e.g. 2026-11-22T10:15:00Z), got "${value}"`,
        shaped ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID',
      );
      return value;
    }
    return new Date(value).toISOString();
  }

  flag(name: string, why: string): boolean {
    const value = this.required(name, why);
    if (value === 'Y') return true;
    if (value !== 'N' && value !== '') this.problem(name, `must be Y or N, got "${value}"`, 'UNKNOWN_CODE');
    return false;
  }

  code<T extends string>(name: string, allowed: readonly T[], why: string): T {
    const value = this.required(name, why);
    if (value !== '' && !allowed.includes(value as T)) {
      this.problem(name, `unknown code "${value}" (known: ${allowed.join(', ')})`, 'UNKNOWN_CODE');
    }
    return value as T;
  }

  /** A code that may be left empty: empty is "not stated" (null), never a default. */
  optionalCode<T extends string>(name: string, allowed: readonly T[]): T | null {
    const value = this.optional(name);
    if (value === null) return null;
    if (!allowed.includes(value as T))
      this.problem(name, `unknown code "${value}" (known: ${allowed.join(', ')})`, 'UNKNOWN_CODE');
    return value as T;
  }

  person(prefix: 'suspect' | 'victim', why: string, confidentialAllowed = false) {
    const line1 = this.optional(`${prefix}_address_line1`);
    const postcode = this.optional(`${prefix}_postcode`);
    if (Boolean(line1) !== Boolean(postcode)) {
      this.problem(
        `${prefix}_${line1 ? 'postcode' : 'address_line1'}`,
        'an address needs its first line and postcode',
      );
    }
    return {
      name: {
        given: this.required(`${prefix}_forename`, why),
        family: this.required(`${prefix}_surname`, why),
      },
      dateOfBirth: this.date(`${prefix}_dob`, null),
      pncId: this.optional(`${prefix}_pnc`),
      croNumber: this.optional(`${prefix}_cro`),
      address:
        line1 && postcode
          ? {
              line1,
              line2: this.optional(`${prefix}_address_line2`),
              town: this.optional(`${prefix}_town`),
              postcode,
            }
          : null,
      addressConfidential: confidentialAllowed && this.optional('victim_address_confidential') === 'Y',
    };
  }

  hasPerson(prefix: 'suspect' | 'victim'): boolean {
    return this.optional(`${prefix}_surname`) !== null || this.optional(`${prefix}_forename`) !== null;
  }

  /** `CODE/MODE/DATE/CA/Description; …` — CA is Y for common assault, N otherwise; DATE may be empty. */
  offences(why: string) {
    const raw = this.required('offences', why);
    return splitList(raw, ';').map((item, i) => {
      const parts = item.split('/');
      const [code = '', mode = '', committedOn = '', commonAssault = ''] = parts;
      const description = parts.slice(4).join('/').trim();
      const where = `offences[${i + 1}]`;
      if (parts.length < 5 || !code.trim() || !description) {
        this.problem(where, `must be CODE/MODE/DATE/CA/Description, got "${item}"`);
      }
      const modeOfTrial = MODES[mode.trim() as keyof typeof MODES];
      if (parts.length >= 5 && !modeOfTrial)
        this.problem(where, `unknown mode of trial "${mode}" (known: S, E, I)`, 'UNKNOWN_CODE');
      const date = committedOn.trim();
      if (date && !isRealDate(date))
        this.problem(where, `offence date "${date}" is not a real date`, 'IMPOSSIBLE_DATE');
      // Y or N, never empty: it decides whether the domestic-abuse time limit (CJA 1988 s.39A) applies,
      // and an empty flag read as "no" would give the wrong clock.
      if (parts.length >= 5 && commonAssault.trim() === '')
        this.problem(where, 'common-assault flag (CA) must be Y or N; it is not stated');
      else if (!['Y', 'N', ''].includes(commonAssault.trim()))
        this.problem(where, `common-assault flag must be Y or N, got "${commonAssault}"`, 'UNKNOWN_CODE');
      return {
        code: code.trim(),
        description,
        modeOfTrial: modeOfTrial ?? 'EITHER_WAY',
        committedOn: date || null,
        commonAssault: commonAssault.trim() === 'Y',
      };
    });
  }

  /** `text | text | …`, paragraphs numbered in order; NONE means "no conditions". */
  conditions(): { paragraph: string; code: null; text: string }[] | null {
    const raw = this.optional('conditions');
    if (raw === null) return null;
    if (raw === 'NONE') return [];
    return splitList(raw, '|').map((text, i) => ({ paragraph: String(i + 1), code: null, text }));
  }
}

/** Pure: one police record (a CSV row with its header, or one JSON object) → one canonical draft. */
export function normalizePoliceRecord(bytes: Buffer, mediaType: string): NormalizeResult {
  const parsed = parseFlatRecord(bytes, mediaType, POLICE_COLUMNS);
  if (!parsed.ok) return reject(parsed.reason, parsed.problems);
  const f = new Fields(parsed.record);
  const recordType = f.code('record_type', Object.keys(RECORD_TYPES) as PoliceRecordType[], 'every record');
  const recordId = f.required('record_id', 'every record');
  const version = f.required('record_version', 'every record');
  const occurredAt = f.instant('recorded_at', null);
  const policeArea = f.required('force', 'every record');
  const why = recordType;
  let subject = '';
  let data: Record<string, unknown> = {};
  switch (recordType) {
    case 'INCIDENT': {
      const caseUrn = (subject = f.required('urn', why));
      const accusedForce = f.optional('accused_force');
      data = {
        caseUrn,
        crimeReference: f.required('crime_ref', why),
        policeArea,
        domesticAbuse: f.flag('da_flag', why),
        offences: f.offences(why),
        victim: f.person('victim', why, true),
        suspect: f.hasPerson('suspect') ? f.person('suspect', why) : null,
        policePerpetrated: accusedForce ? { accusedForce } : null,
      };
      break;
    }
    case 'RISK_ASSESSMENT':
      subject = f.required('urn', why);
      data = {
        caseUrn: subject,
        policeArea,
        assessmentRef: f.required('assessment_ref', why),
        tool: f.code('risk_tool', RISK_TOOLS, why),
        level: f.code('risk_level', RISK_LEVELS, why),
        assessedOn: f.date('assessed_on', why),
        victim: f.person('victim', why, true),
      };
      break;
    case 'ARREST':
    case 'VOLUNTARY_ATTENDANCE':
      subject = f.required('urn', why);
      data = { caseUrn: subject, policeArea, suspect: f.person('suspect', why) };
      break;
    case 'RUI':
      subject = f.required('urn', why);
      data = {
        caseUrn: subject,
        policeArea,
        suspect: f.person('suspect', why),
        releasedOn: f.date('released_on', why),
      };
      break;
    case 'BAIL_GRANTED':
      subject = f.required('bail_ref', why);
      data = {
        bailRef: subject,
        caseUrn: f.required('urn', why),
        policeArea,
        suspect: f.person('suspect', why),
        bailedOn: f.date('bailed_on', why),
        // Optional: the bail period runs from the day after the arrest (PACE 1984 s.47ZB(4)(a)).
        arrestedOn: f.date('arrested_on', null),
        authorisedBy: f.code('bail_authority', BAIL_AUTHORITIES, why),
        // NONE ⇒ [] (no conditions); an empty or absent column ⇒ null (not stated), never [].
        conditions: f.conditions(),
        returnOn: f.date('return_on', why),
        victimViewsSought: f.flag('victim_views_sought', why),
      };
      break;
    case 'BAIL_VARIED': {
      subject = f.required('bail_ref', why);
      const authority = f.optional('bail_authority');
      data = {
        bailRef: subject,
        conditions: f.conditions(),
        returnOn: f.date('return_on', null),
        authorisedBy: authority === null ? null : f.code('bail_authority', BAIL_AUTHORITIES, why),
        victimViewsSought: f.flag('victim_views_sought', why),
      };
      break;
    }
    case 'BAIL_CANCELLED':
      subject = f.required('bail_ref', why);
      data = { bailRef: subject, reason: f.optional('reason') };
      break;
    case 'DVPN':
    case 'DAPN': {
      subject = f.required('notice_ref', why);
      const conditions = f.conditions();
      if (conditions === null) f.required('conditions', `${why} (a notice states what it prohibits)`);
      else if (conditions.length === 0)
        f.problem('conditions', `a ${why} states what it prohibits: NONE is not a notice`);
      data = {
        noticeRef: subject,
        caseUrn: f.optional('urn'),
        policeArea,
        perpetrator: f.person('suspect', why),
        protectedPersons: [f.person('victim', why, true)],
        authorisingRank: f.required('authorising_rank', why),
        authorisedAt: f.instant('authorised_at', why),
        servedAt: f.instant('served_at', why),
        conditions: conditions ?? [],
        noticeType: recordType,
      };
      break;
    }
    case 'DVPO_APPLICATION':
    case 'DAPO_APPLICATION':
      subject = f.required('notice_ref', why);
      data = {
        noticeRef: subject,
        court: { code: f.required('court_code', why), name: f.required('court_name', why) },
        hearingAt: f.instant('hearing_at', null),
      };
      break;
    case 'BREACH':
      subject = f.required('breach_ref', why);
      data = {
        breachRef: subject,
        policeArea,
        breached: {
          kind: f.code('breached_kind', BREACHED_KINDS, why),
          reference: f.required('breached_ref', why),
        },
        caseUrn: f.optional('urn'),
        perpetrator: f.person('suspect', why),
        description: f.required('details', why),
        // Each of these may be left empty: empty is "not stated", kept as null.
        victim: f.hasPerson('victim') ? f.person('victim', why, true) : null,
        crimeReference: f.optional('crime_ref'),
        occurredAt: f.instant('occurred_at', null),
        reportedBy: f.optionalCode('reported_by', BREACH_REPORTERS),
      };
      break;
    case 'BREACH_OUTCOME':
      subject = f.required('breach_ref', why);
      data = {
        breachRef: subject,
        policeArea,
        outcome: f.code('outcome', BREACH_OUTCOMES, why),
        reason: f.optional('reason'),
      };
      break;
    case 'CPS_REFERRAL':
      subject = f.required('urn', why);
      data = {
        caseUrn: subject,
        policeArea,
        suspect: f.person('suspect', why),
        offences: f.offences(why),
        // Required, never defaulted: a referral that does not state bail status says NOT_STATED (DAC:640).
        bailStatus: f.code('bail_status', BAIL_STATUSES_AT_REFERRAL, why),
        riskAssessmentRef: f.optional('risk_assessment_ref'),
        complainantStatementOn: f.date('statement_on', null),
      };
      break;
    default:
      // Unknown record_type: already reported by f.code above.
      break;
  }
  if (f.problems.length > 0) return rejectCollected(f.problems);
  const draft: EventDraft = {
    type: RECORD_TYPES[recordType],
    subject,
    occurredAt,
    sourceRecordId: `${policeArea}:${recordId}`,
    sourceRecordVersion: version,
    data,
  };
  return { ok: true, drafts: [draft] };
}
