import {
  type ChargingDecisionData,
  compileSchema,
  EVENT_TYPES,
  type EventDraft,
  type NormalizeResult,
  type OffenceData,
  parseJson,
  type Problem,
  problemsFromAjv,
  reject,
  schemaRejectionReason,
} from '../contract';
import { type CpsCharge, CpsMessage } from './cps.source-schema';

export const CPS_CONNECTOR_ID = 'cps-case-management';

/** CMS decision codes → canonical decisions (modelled for this project: unverified against CMS). */
const DECISION_CODES: Readonly<Record<string, ChargingDecisionData['decision']>> = {
  C: 'CHARGE',
  NFA: 'NO_FURTHER_ACTION',
  AP: 'ACTION_PLAN',
  CC: 'CONDITIONAL_CAUTION',
  TT: 'THRESHOLD_TEST',
};
const MODES: Readonly<Record<string, OffenceData['modeOfTrial']>> = {
  S: 'SUMMARY_ONLY',
  E: 'EITHER_WAY',
  I: 'INDICTABLE_ONLY',
};

const validate = compileSchema<CpsMessage>(JSON.parse(JSON.stringify(CpsMessage)) as Record<string, unknown>);

/** Pure: one CMS message → one canonical draft, or a rejection naming every problem. */
export function normalizeCpsMessage(bytes: Buffer): NormalizeResult {
  const parsed = parseJson(bytes);
  if (!parsed.ok) return reject(parsed.reason, [parsed.problem]);
  if (!validate(parsed.value))
    return reject(schemaRejectionReason(validate.errors), problemsFromAjv(validate.errors));
  const m = parsed.value;
  const base = { caseUrn: m.case.urn, policeArea: m.case.policeForce };
  const codes: Problem[] = [];
  const section = <K extends 'receipt' | 'decision' | 'actionPlan' | 'timeLimit'>(
    key: K,
  ): NonNullable<CpsMessage[K]> | null => {
    const value = m[key];
    if (!value) codes.push({ path: `/${key}`, message: `is required for ${m.messageType}` });
    return value ?? null;
  };
  const charges = (list: readonly CpsCharge[], path: string) =>
    list.map((c, i) => {
      const mode = MODES[c.mode];
      if (!mode)
        codes.push({
          path: `${path}/${i}/mode`,
          message: `unknown mode of trial "${c.mode}" (known: S, E, I)`,
        });
      return {
        code: c.offenceCode,
        description: c.wording,
        modeOfTrial: mode ?? 'EITHER_WAY',
        committedOn: c.dateOfOffence,
        commonAssault: c.commonAssault,
      };
    });

  let type: string;
  let data: Record<string, unknown>;
  switch (m.messageType) {
    case 'REFERRAL_RECEIPT': {
      const receipt = section('receipt');
      type = EVENT_TYPES.cpsReferralReceived;
      data = { ...base, cpsCaseId: m.case.cmsCaseId, receivedOn: receipt?.receivedOn };
      break;
    }
    case 'CHARGING_DECISION': {
      const decision = section('decision');
      const canonical = decision ? DECISION_CODES[decision.code] : undefined;
      if (decision && !canonical)
        codes.push({
          path: '/decision/code',
          message: `unknown decision code "${decision.code}" (known: ${Object.keys(DECISION_CODES).join(', ')})`,
        });
      type = EVENT_TYPES.chargingDecision;
      data = {
        ...base,
        decision: canonical,
        decidedOn: decision?.decidedOn,
        charges: decision ? charges(decision.charges, '/decision/charges') : [],
        reason: decision?.reason ?? null,
      };
      break;
    }
    case 'ACTION_PLAN': {
      const plan = section('actionPlan');
      if (plan && plan.actions.length === 0)
        codes.push({ path: '/actionPlan/actions', message: 'must list at least one action' });
      type = EVENT_TYPES.actionPlanIssued;
      data = { ...base, actionPlanRef: plan?.reference, actions: plan?.actions, dueOn: plan?.dueOn ?? null };
      break;
    }
    case 'ACTION_PLAN_COMPLETED': {
      const plan = section('actionPlan');
      if (plan && !plan.completedOn)
        codes.push({ path: '/actionPlan/completedOn', message: 'is required when completed' });
      type = EVENT_TYPES.actionPlanCompleted;
      data = { ...base, actionPlanRef: plan?.reference, completedOn: plan?.completedOn };
      break;
    }
    case 'TIME_LIMIT': {
      const limit = section('timeLimit');
      type = EVENT_TYPES.timeLimitMarked;
      data = {
        ...base,
        timeLimitOn: limit?.expiresOn,
        offences: limit ? charges(limit.charges, '/timeLimit/charges') : [],
      };
      break;
    }
  }
  if (codes.length > 0) {
    const unknown = codes.some((p) => p.message.startsWith('unknown'));
    return reject(unknown ? 'UNKNOWN_CODE' : 'SCHEMA_INVALID', codes);
  }
  const draft: EventDraft = {
    type,
    subject: m.case.urn,
    // The CMS's send time stands for when it happened; null when it sent none (never the receipt time).
    occurredAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
    sourceRecordId: m.messageId,
    sourceRecordVersion: String(m.version),
    // An action plan is named by its reference: the same version with other content is a conflict.
    ...(typeof data.actionPlanRef === 'string'
      ? {
          recordKey: `action plan ${data.actionPlanRef}${type === EVENT_TYPES.actionPlanCompleted ? ' completed' : ''}`,
        }
      : {}),
    data,
  };
  return { ok: true, drafts: [draft] };
}
