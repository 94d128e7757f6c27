import { rememberedUuid } from '../../common/ids';
import type * as E from '../../domain/canonical-events';
import { EVENT_TYPES } from '../../domain/canonical-events';
import { resolvePersonIdentity } from '../../domain/person-identity';
import { dapnHearingDeadline, dvpnHearingDeadline } from '../../domain/rules/deadlines';
import { type CloudEvent } from '../../messaging/envelope';
import { streamKey } from '../event-routing';
import { inFoldOrder } from './fold-order';
import { type FoldOutput, type NoticeState } from '../../domain/projection-state';

export function noticeIdFor(noticeRef: string): string {
  return rememberedUuid('notice', noticeRef);
}

/**
 * Pure fold of a DVPN and its DVPO application. The 48-hour clock runs from service of the notice and is
 * met by an application whose hearing is listed within it.
 */
export function foldNotice(noticeRef: string, events: readonly CloudEvent[]): NoticeState & FoldOutput {
  const s: NoticeState & FoldOutput = {
    noticeId: noticeIdFor(noticeRef),
    noticeRef,
    issued: false,
    notice: null,
    perpetratorId: null,
    protectedIds: [],
    dvpoApplication: null,
    issuedEventId: null,
    version: 0,
    deadlines: [],
    alerts: [],
    timelineLinks: [],
  };
  const self = streamKey('notice', noticeRef);
  let applicationEventId: string | null = null;
  const rank = (t: string) => (t === EVENT_TYPES.dvpnIssued ? 0 : t === EVENT_TYPES.dvpoApplied ? 1 : 2);
  const ordered = inFoldOrder(events, rank);
  for (const event of ordered) {
    if (event.type === EVENT_TYPES.dvpnIssued) {
      const d = event.data as E.DvpnIssuedData;
      s.issued = true;
      s.notice = d;
      s.issuedEventId = event.id;
      s.perpetratorId = resolvePersonIdentity(d.perpetrator, {
        eventId: event.id,
        role: 'perpetrator',
      }).personId;
      s.protectedIds = d.protectedPersons.map(
        (p, i) => resolvePersonIdentity(p, { eventId: event.id, role: `protected-${i}` }).personId,
      );
    } else if (event.type === EVENT_TYPES.dvpoApplied) {
      s.dvpoApplication = event.data as E.DvpoAppliedData;
      applicationEventId = event.id;
    } else if (event.type === EVENT_TYPES.breachReported) {
      const d = event.data as E.BreachReportedData;
      s.alerts.push({
        alertId: rememberedUuid('alert', self, 'BREACH_OF_NOTICE', event.id),
        streamKey: self,
        kind: 'BREACH_OF_NOTICE',
        message: `Breach of DVPN ${noticeRef} reported (${d.breachRef}): ${d.description}`,
        citation: 'JJP:402',
        policeArea: d.policeArea,
        subjectRef: noticeRef,
        raisedBy: event.id,
        raisedAt: event.time ?? null,
      });
      continue;
    }
    s.version += 1;
  }
  if (s.notice && s.issuedEventId) {
    // A DAPN's hearing is due 48 hours after it was given (DAA 2021 s.29(2)–(3)); a DVPN's, 48 hours after
    // it was served (CSA 2010 s.27): the same count, each cited by its own Act.
    const dapn = s.notice.noticeType === 'DAPN';
    const rule = dapn ? dapnHearingDeadline : dvpnHearingDeadline;
    const dueAt = dapn
      ? dapnHearingDeadline.dueAt({ givenAt: s.notice.servedAt })
      : dvpnHearingDeadline.dueAt({ servedAt: s.notice.servedAt });
    const hearingAt = s.dvpoApplication?.hearingAt ?? null;
    const met = hearingAt !== null && Date.parse(hearingAt) <= Date.parse(dueAt);
    s.deadlines.push({
      deadlineId: rememberedUuid('deadline', self, rule.id),
      streamKey: self,
      ruleId: rule.id,
      description: rule.description,
      citation: rule.citation.source,
      verified: rule.citation.verified,
      dueOn: null,
      dueAt,
      policeArea: s.notice.policeArea,
      subjectRef: noticeRef,
      startedBy: s.issuedEventId,
      metBy: met ? applicationEventId : null,
    });
    if (hearingAt !== null && !met) {
      const kind = dapn ? 'DAPO_HEARING_AFTER_48_HOURS' : 'DVPO_HEARING_AFTER_48_HOURS';
      s.alerts.push({
        alertId: rememberedUuid('alert', self, kind),
        streamKey: self,
        kind,
        message: `${dapn ? 'DAPO' : 'DVPO'} hearing for ${noticeRef} is listed after the notice's 48 hours run out (${dueAt})`,
        citation: rule.citation.source,
        policeArea: s.notice.policeArea,
        subjectRef: noticeRef,
        raisedBy: applicationEventId!,
        raisedAt: null,
      });
    }
    if (s.notice.caseUrn) {
      for (const event of ordered)
        s.timelineLinks.push({ streamKey: streamKey('case', s.notice.caseUrn), event });
    }
  }
  return s;
}
