import {
  compileDefinition,
  EVENT_TYPES,
  exclusionZonesFromTerms,
  type NormalizeResult,
  type OrderGrantedData,
  orderRef,
  type OrderServedData,
  type OrderType,
  parseJson,
  type PartyData,
  type Problem,
  problemsFromAjv,
  reject,
  schemaRejectionReason,
} from '../contract';
import sourceSchema from './family-court.source-schema.json';
import {
  type FamilyCourtOrderMade,
  type FamilyCourtParty,
  type FamilyCourtOrderChange,
  type FamilyCourtStatementOfService,
} from './family-court.types';

export const FAMILY_COURT_CONNECTOR_ID = 'family-court-orders';

/**
 * Order form codes the family court sends. FL404A is the non-molestation order form and FL404 the
 * occupation order form (Family Law Act 1996 Part IV; form names per the FL404 family of court forms —
 * not in the project's source documents: unverified). Unknown forms are refused, not guessed.
 */
const FORM_TO_ORDER_TYPE: Readonly<Record<string, OrderType>> = {
  FL404A: 'NON_MOLESTATION',
  FL404: 'OCCUPATION',
};

const validateOrderMade = compileDefinition<FamilyCourtOrderMade>(sourceSchema, '#/$defs/orderMade');
const validateChange = compileDefinition<FamilyCourtOrderChange>(sourceSchema, '#/$defs/orderChange');
const validateService = compileDefinition<FamilyCourtStatementOfService>(
  sourceSchema,
  '#/$defs/statementOfService',
);

/** Earliest plausible date in a court record; anything before is a keying error. */
const EARLIEST_PLAUSIBLE = Date.parse('1900-01-01T00:00:00Z');

/**
 * Pure: family court bytes → canonical drafts, or a rejection listing every problem.
 * `now` is only used to refuse dates of birth in the future; it is passed in to keep this pure.
 */
export function normalizeFamilyCourtMessage(bytes: Buffer, now: Date = new Date()): NormalizeResult {
  const parsed = parseJson(bytes);
  if (!parsed.ok) return reject(parsed.reason, [parsed.problem]);
  const message = parsed.value;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return reject('SCHEMA_INVALID', [{ path: '', message: 'must be a JSON object' }]);
  }
  const messageType = (message as Record<string, unknown>).messageType;
  if (messageType === 'ORDER_MADE') return normalizeOrderMade(message, now);
  if (messageType === 'STATEMENT_OF_SERVICE') return normalizeService(message);
  if (
    messageType === 'ORDER_VARIED' ||
    messageType === 'ORDER_EXTENDED' ||
    messageType === 'ORDER_DISCHARGED'
  )
    return normalizeOrderChange(message);
  return reject('SCHEMA_INVALID', [
    {
      path: '/messageType',
      message:
        'must be "ORDER_MADE", "STATEMENT_OF_SERVICE", "ORDER_VARIED", "ORDER_EXTENDED" or "ORDER_DISCHARGED"',
    },
  ]);
}

function normalizeOrderMade(message: object, now: Date): NormalizeResult {
  if (!validateOrderMade(message))
    return reject(schemaRejectionReason(validateOrderMade.errors), problemsFromAjv(validateOrderMade.errors));
  const m = message;
  const orderType = FORM_TO_ORDER_TYPE[m.order.form];
  if (!orderType) {
    return reject('UNKNOWN_CODE', [
      {
        path: '/order/form',
        message: `unknown order form "${m.order.form}" (known: ${Object.keys(FORM_TO_ORDER_TYPE).join(', ')})`,
      },
    ]);
  }
  const dateProblems = [
    ...checkInstant('/order/madeOn', m.order.madeOn),
    ...checkInstant('/order/effectiveFrom', m.order.effectiveFrom),
    ...checkInstant('/order/endsOn', m.order.endsOn ?? undefined),
    ...checkBirthDate('/applicant/dateOfBirth', m.applicant.dateOfBirth, now),
    ...checkBirthDate('/respondent/dateOfBirth', m.respondent.dateOfBirth, now),
  ];
  if (m.order.endsOn && Date.parse(m.order.endsOn) <= Date.parse(m.order.effectiveFrom)) {
    dateProblems.push({ path: '/order/endsOn', message: 'must be after effectiveFrom' });
  }
  if (dateProblems.length > 0) return reject('IMPOSSIBLE_DATE', dateProblems);

  const ref = orderRef(m.court.code, m.caseNumber, m.order.orderNumber);
  const zones = exclusionZonesFromTerms(m.order.terms);
  const data: OrderGrantedData = {
    orderRef: ref,
    orderType,
    sourceOrderCode: m.order.form,
    court: { code: m.court.code, name: m.court.name },
    caseNumber: m.caseNumber,
    policeArea: m.policeForce,
    respondent: party(m.respondent),
    protectedPersons: [party(m.applicant)],
    conditions: m.order.terms.map((t) => ({ paragraph: t.paragraph, code: t.code ?? null, text: t.text })),
    // Only when a term is coded as one: an order without a coded zone carries no zones field, as before.
    ...(zones.length > 0 ? { exclusionZones: zones } : {}),
    powerOfArrest: m.order.powerOfArrest,
    withoutNotice: m.order.withoutNotice,
    madeAt: canonicalInstant(m.order.madeOn),
    effectiveFrom: canonicalInstant(m.order.effectiveFrom)!,
    expiresAt: canonicalInstant(m.order.endsOn ?? undefined),
  };
  return {
    ok: true,
    drafts: [
      {
        type: EVENT_TYPES.orderGranted,
        subject: ref,
        occurredAt: data.madeAt,
        sourceRecordId: m.messageId,
        sourceRecordVersion: String(m.version),
        // One grant per order: the same version with other content is a conflict, whatever message carries it.
        recordKey: 'grant',
        data: { ...data },
      },
    ],
  };
}

/** A variation, extension or discharge of an order already made, keyed by the same order reference. */
function normalizeOrderChange(message: object): NormalizeResult {
  if (!validateChange(message))
    return reject(schemaRejectionReason(validateChange.errors), problemsFromAjv(validateChange.errors));
  const m = message;
  const dates = [
    ...checkInstant('/changedOn', m.changedOn),
    ...checkInstant('/endsOn', m.endsOn ?? undefined),
  ];
  if (dates.length > 0) return reject('IMPOSSIBLE_DATE', dates);
  const ref = orderRef(m.court.code, m.caseNumber, m.orderNumber);
  const problems: Problem[] = [];
  let type: string;
  let data: Record<string, unknown>;
  let recordKey: string;
  if (m.messageType === 'ORDER_VARIED') {
    recordKey = `variation ${m.variationNumber ?? '(unnumbered)'}`;
    if (m.variationNumber === undefined) problems.push({ path: '/variationNumber', message: 'is required' });
    if (m.terms === undefined && m.powerOfArrest === undefined)
      problems.push({ path: '', message: 'a variation must change the terms or the power of arrest' });
    type = EVENT_TYPES.orderVaried;
    data = {
      orderRef: ref,
      variationNumber: m.variationNumber,
      conditions:
        m.terms?.map((t) => ({ paragraph: t.paragraph, code: t.code ?? null, text: t.text })) ?? null,
      // New terms replace the zones with them (an empty list when none is coded); no terms ⇒ unchanged.
      exclusionZones: m.terms ? exclusionZonesFromTerms(m.terms) : null,
      powerOfArrest: m.powerOfArrest ?? null,
      reason: m.reason ?? null,
    };
  } else if (m.messageType === 'ORDER_EXTENDED') {
    recordKey = `extension on ${m.changedOn}`;
    if (m.endsOn === undefined)
      problems.push({ path: '/endsOn', message: 'is required (null means until further order)' });
    type = EVENT_TYPES.orderExtended;
    data = { orderRef: ref, expiresAt: canonicalInstant(m.endsOn ?? undefined) };
  } else {
    recordKey = 'discharge';
    type = EVENT_TYPES.orderDischarged;
    data = { orderRef: ref, reason: m.reason ?? null };
  }
  if (problems.length > 0) return reject('SCHEMA_INVALID', problems);
  return {
    ok: true,
    drafts: [
      {
        type,
        subject: ref,
        occurredAt: canonicalInstant(m.changedOn),
        sourceRecordId: m.messageId,
        sourceRecordVersion: String(m.version),
        recordKey,
        data,
      },
    ],
  };
}

function normalizeService(message: object): NormalizeResult {
  if (!validateService(message))
    return reject(schemaRejectionReason(validateService.errors), problemsFromAjv(validateService.errors));
  const m = message;
  const problems = checkInstant('/servedOn', m.servedOn);
  if (problems.length > 0) return reject('IMPOSSIBLE_DATE', problems);
  const ref = orderRef(m.court.code, m.caseNumber, m.orderNumber);
  const data: OrderServedData = { orderRef: ref, servedAt: canonicalInstant(m.servedOn), method: m.method };
  return {
    ok: true,
    drafts: [
      {
        type: EVENT_TYPES.orderServed,
        subject: ref,
        occurredAt: data.servedAt,
        sourceRecordId: m.messageId,
        sourceRecordVersion: String(m.version),
        // A service is told apart by its time (an order can be served again after a variation); one
        // without a time has no key.
        ...(data.servedAt === null ? {} : { recordKey: `service at ${data.servedAt}` }),
        data: { ...data },
      },
    ],
  };
}

function party(p: FamilyCourtParty): PartyData {
  return {
    name: { given: p.forenames.trim(), family: p.surname.trim() },
    dateOfBirth: p.dateOfBirth ?? null,
    pncId: p.pncId ?? null,
    address: p.address
      ? {
          line1: p.address.line1,
          line2: p.address.line2 ?? null,
          town: p.address.town ?? null,
          postcode: p.address.postcode.toUpperCase(),
        }
      : null,
    // A family court address is confidential unless the court says otherwise (FL404A applicants often
    // withhold it); a design inference, not from a source.
    addressConfidential: p.addressConfidential ?? true,
  };
}

function checkInstant(path: string, value: string | undefined): Problem[] {
  if (value === undefined) return [];
  const at = Date.parse(value);
  if (Number.isNaN(at)) return [{ path, message: 'is not a real date and time' }];
  if (at < EARLIEST_PLAUSIBLE) return [{ path, message: 'is before 1900' }];
  return [];
}

function checkBirthDate(path: string, value: string | undefined, now: Date): Problem[] {
  if (value === undefined) return [];
  const at = Date.parse(`${value}T00:00:00Z`);
  if (at < EARLIEST_PLAUSIBLE) return [{ path, message: 'is before 1900' }];
  if (at > now.getTime()) return [{ path, message: 'is in the future' }];
  return [];
}

/** Normalise to UTC RFC 3339 so the same instant always prints the same way (dedupe, replay). */
function canonicalInstant(value: string | undefined | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
