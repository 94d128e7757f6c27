/** The shapes the console's operations (src/api/console-documents.ts) return. */

export interface Condition {
  paragraph: string;
  code: string | null;
  text: string;
}

export interface Order {
  reference: string;
  orderType: string;
  status: string;
  statusReason: string;
  statusAsOf: string;
  effectiveFrom: string;
  enforceableFrom: string | null;
  servedAt: string | null;
  expiresAt: string | null;
  untilFurtherOrder: boolean;
  powerOfArrest: boolean;
  withoutNotice: boolean;
  policeArea: string;
  caseUrn: string | null;
  court: { name: string };
  conditions: Condition[];
  exclusionZones: { description: string; postcode: string | null; radiusMetres: number | null }[];
  protectedPersons: {
    givenName: string;
    familyName: string;
    addressConfidential: boolean;
    address: { postcode: string; town: string | null } | null;
  }[];
  breachReferences: string[];
  notifications: {
    policeArea: string;
    notifiedAt: string;
    acknowledgedAt: string | null;
    acknowledgedBy: string | null;
    escalations: { step: number; at: string }[];
  }[];
}

export interface Bail {
  reference: string;
  kind: string;
  status: string;
  bailedOn: string | null;
  returnOn: string | null;
  courtName: string | null;
  /** null: the record did not state its conditions; []: bail without conditions. */
  conditions: Condition[] | null;
}

export interface Breach {
  reference: string;
  breachedKind: string;
  breachedReference: string;
  description: string;
  occurredAt: string | null;
  reportedAt: string | null;
  /** null: no outcome recorded (not the same as NO_FURTHER_ACTION). */
  outcome: string | null;
}

/** A count from `statistics`; a suppressed cell (under 5) has no count. */
export interface AggregateCell {
  month: string | null;
  category: string;
  count: number | null;
  suppressed: boolean;
}

export interface Person {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  pncId: string | null;
  protectiveOrders: Order[];
  bail: Bail[];
  notices: {
    reference: string;
    noticeType: string;
    servedAt: string;
    conditions: { paragraph: string; text: string }[];
    dvpoApplication: { court: string; hearingAt: string | null } | null;
  }[];
  riskAssessments: { assessmentRef: string; tool: string; level: string; assessedOn: string }[];
  breaches: Breach[];
  incidents: {
    crimeReference: string;
    reportedAt: string | null;
    domesticAbuse: boolean;
    offences: { description: string }[];
  }[];
}

export interface PersonMatch {
  matchedOn: string;
  confidence: number;
  confident: boolean;
  matchWeight: number | null;
  reason: string;
  comparisons: { field: string; level: string; detail: string; weight: number }[];
  mergedRecords: string[];
  person: Person;
}

export interface BoardOrder {
  reference: string;
  orderType: string;
  status: string;
  statusReason: string;
  effectiveFrom?: string;
  servedAt?: string | null;
  court: { name: string };
}

export interface Alert {
  id: string;
  kind: string;
  message: string;
  subjectRef: string;
  raisedAt: string | null;
  citation: string | null;
}

export interface Deadline {
  id: string;
  rule: string;
  description: string;
  subjectRef: string;
  dueAt: string | null;
  dueOn: string | null;
  status: string;
  citation: string;
  verified: boolean;
}

export interface Board {
  unacknowledgedOrders: {
    waitingSeconds: number;
    notification: { notifiedAt: string; escalations: { step: number; at: string }[] };
    order: BoardOrder;
  }[];
  protectiveOrdersInArea: { edges: { node: BoardOrder }[] };
  alerts: { edges: { node: Alert }[] };
  deadlines: { edges: { node: Deadline }[] };
  breachesInArea: { edges: { node: Breach & { enforced: boolean } }[] };
}

export interface OrderChange {
  changeType: string;
  eventId: string;
  order: BoardOrder;
}
