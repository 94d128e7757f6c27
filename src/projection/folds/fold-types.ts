import { type CloudEvent } from '../../messaging/envelope';

/** A clock the projection keeps for a stream (src/domain/rules names the rule and its source). */
export interface ComputedDeadline {
  deadlineId: string;
  streamKey: string;
  ruleId: string;
  description: string;
  citation: string;
  /** false ⇒ the value is not in the project's source documents (docs/legal-clocks.md). */
  verified: boolean;
  /** Day-based clocks. */
  dueOn: string | null;
  /** Hour-based clocks (DVPN 48 h). */
  dueAt: string | null;
  policeArea: string | null;
  subjectRef: string;
  startedBy: string;
  /** The event that satisfied the clock, if any. */
  metBy: string | null;
}

/** Something an officer or lawyer should act on, raised by an event. */
export interface RaisedAlert {
  alertId: string;
  streamKey: string;
  kind: string;
  message: string;
  citation: string | null;
  policeArea: string | null;
  subjectRef: string;
  raisedBy: string;
  /** Source time of the raising event; null when the source gave none. */
  raisedAt: string | null;
}

/** An extra timeline placement decided by a fold (e.g. a bail variation onto its case's timeline). */
export interface TimelineLink {
  streamKey: string;
  event: CloudEvent;
}

export interface FoldOutput {
  deadlines: ComputedDeadline[];
  alerts: RaisedAlert[];
  timelineLinks: TimelineLink[];
}
