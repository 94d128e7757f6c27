import { type AddressView, type RecordLabels } from '../security/access-policy';
import { type Actor } from '../security/actor';
import { grantsFor } from '../security/access-policy';
import { ADDRESS_WITHHELD, type KnownAddress, redactAddresses } from '../security/redaction';
import {
  type AlertRecord,
  type BailRecord,
  type CaseRecordView,
  type DeadlineView,
  type NoticeRecord,
  type PersonAssertionRecord,
} from './read-records';
import { type ExclusionZoneData, type OrderCondition } from './canonical-events';
import { type OrderView, type TimelineEntryRecord } from './read-records';
import { type BreachRecord } from './course-of-conduct';

/**
 * What each kind of record shows of its addresses under the access decision (src/security): structured
 * addresses withheld by their own confidentiality flag, free text redacted whenever it could carry an
 * address the caller may not see. Pure functions of (record, decision): the access step applies them.
 */

/** Free text is shown as written only when every address it could hold may be shown. */
export function freeTextHidden(view: AddressView, labels: RecordLabels): boolean {
  return view === 'NONE' || (view === 'NON_CONFIDENTIAL' && labels.confidentialAddress);
}

const conditions = (list: readonly OrderCondition[], known: readonly (KnownAddress | null)[]) =>
  list.map((c) => ({ ...c, text: redactAddresses(c.text, known) }));

const withheldZones = (zones: readonly ExclusionZoneData[]) =>
  zones.map((z) => ({ ...z, description: ADDRESS_WITHHELD, postcode: null }));

export function redactOrder(order: OrderView, view: AddressView): OrderView {
  if (view === 'ALL') return order;
  const hideText = freeTextHidden(view, order.access.labels);
  // Nothing to withhold (the usual case for another force's order): the record as it is, uncopied.
  if (!hideText && order.protectedParties.every((p) => p.address === null || !p.addressConfidential))
    return order;
  const known = order.protectedParties.map((p) => p.address);
  return {
    ...order,
    protectedParties: order.protectedParties.map((p) => ({
      ...p,
      address: view === 'NON_CONFIDENTIAL' && !p.addressConfidential ? p.address : null,
    })),
    conditions: hideText ? conditions(order.conditions, known) : order.conditions,
    // A zone's wording is a place by nature (often where the protected person lives): withheld whole.
    exclusionZones: hideText ? withheldZones(order.exclusionZones) : order.exclusionZones,
    // Earlier versions say what the order said then: the same text, withheld the same way.
    versions: hideText
      ? order.versions.map((v) => ({
          ...v,
          ...(v.conditions ? { conditions: conditions(v.conditions, known) } : {}),
          ...(v.exclusionZones ? { exclusionZones: withheldZones(v.exclusionZones) } : {}),
        }))
      : order.versions,
    endedReason:
      hideText && order.endedReason ? redactAddresses(order.endedReason, known) : order.endedReason,
  };
}

export function redactBail(bail: BailRecord, view: AddressView): BailRecord {
  if (!freeTextHidden(view, bail.access.labels)) return bail;
  return {
    ...bail,
    conditions: bail.conditions === null ? null : conditions(bail.conditions, []),
    endedReason: bail.endedReason ? redactAddresses(bail.endedReason) : null,
  };
}

export function redactNotice(notice: NoticeRecord, view: AddressView): NoticeRecord {
  if (!freeTextHidden(view, notice.access.labels)) return notice;
  return { ...notice, conditions: conditions(notice.conditions, []) };
}

/** A breach's description and outcome reasons are the reporter's words: they may say where. */
export function redactBreach(breach: BreachRecord, view: AddressView): BreachRecord {
  if (!freeTextHidden(view, breach.access.labels)) return breach;
  return {
    ...breach,
    description: redactAddresses(breach.description),
    outcomes: breach.outcomes.map((o) => ({
      ...o,
      reason: o.reason === null ? null : redactAddresses(o.reason),
    })),
  };
}

/** A case shows incidents and risk only to callers entitled to them; its free text as above. */
export function redactCase(record: CaseRecordView, view: AddressView, actor: Actor): CaseRecordView {
  const grants = grantsFor(actor);
  const hide = freeTextHidden(view, record.access.labels);
  const text = (value: string) => (hide ? redactAddresses(value) : value);
  const d = record.detail;
  return {
    ...record,
    detail: {
      ...d,
      incidents: grants.has('INCIDENTS') ? d.incidents : [],
      riskAssessments: grants.has('RISK') ? d.riskAssessments : [],
      actionPlans: d.actionPlans.map((p) => ({ ...p, actions: p.actions.map(text) })),
      decisions: d.decisions.map((x) => ({ ...x, reason: x.reason === null ? null : text(x.reason) })),
      hearings: d.hearings.map((h) => ({
        ...h,
        outcome: h.outcome === null ? null : text(h.outcome),
        results: h.results.map((r) => ({ ...r, text: text(r.text) })),
      })),
      sentences: d.sentences.map((x) => ({
        ...x,
        sentence: text(x.sentence),
        results: x.results.map((r) => ({ ...r, text: text(r.text) })),
      })),
    },
  };
}

export function redactTimelineEntry(entry: TimelineEntryRecord, view: AddressView): TimelineEntryRecord {
  return freeTextHidden(view, entry.access.labels)
    ? { ...entry, summary: redactAddresses(entry.summary) }
    : entry;
}

export function redactAlert(alert: AlertRecord, view: AddressView): AlertRecord {
  return freeTextHidden(view, alert.access.labels)
    ? { ...alert, message: redactAddresses(alert.message) }
    : alert;
}

export function redactDeadline(deadline: DeadlineView, view: AddressView): DeadlineView {
  return freeTextHidden(view, deadline.access.labels)
    ? { ...deadline, description: redactAddresses(deadline.description) }
    : deadline;
}

export function redactAssertion(assertion: PersonAssertionRecord, view: AddressView): PersonAssertionRecord {
  const shown = view === 'ALL' || (view === 'NON_CONFIDENTIAL' && !assertion.addressConfidential);
  return shown ? assertion : { ...assertion, address: null };
}
