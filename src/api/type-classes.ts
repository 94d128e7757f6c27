import { type DataClass } from '../security/entitlements';

/**
 * The data class of every GraphQL object type: what the access step decides a record of that type by.
 * A type is a record of its own class (its service releases it through the access step), part of the
 * record it sits in ("part of X"), or carries no personal data (null). A schema walk
 * (type-classes.spec.ts) fails when a type is added without a line here, so a new path is never a new
 * leak; test/e2e/audit-coverage.e2e-spec.ts checks that every record type is audited when read.
 */
export const TYPE_CLASSES: Record<string, DataClass | `part of ${string}` | null> = {
  Person: 'IDENTITY',
  PersonMatch: 'IDENTITY',
  // The comparison of the released person with the probe or the root person: names, dates, identifiers
  // of those two only.
  FieldComparison: 'part of PersonMatch',
  // A decision on two person records, reached through a PersonMatch the access step released, or
  // returned to the reviewer who was released both records.
  PersonLinkDecision: 'part of PersonMatch',
  PersonLinkCandidate: 'IDENTITY',
  PersonAssertion: 'IDENTITY',
  // Person.conflicts: derived from the PersonAssertions the access step released, nothing else.
  AssertionConflict: 'part of Person',
  AssertedValue: 'part of Person',
  ProtectiveOrder: 'ORDERS',
  OrderChange: 'ORDERS',
  // Computed from, or kept on, the order the access step released (its versions, its sources' values).
  OrderVersionDiff: 'part of ProtectiveOrder',
  RewordedCondition: 'part of ProtectiveOrder',
  InstantChange: 'part of ProtectiveOrder',
  FlagChange: 'part of ProtectiveOrder',
  EndChange: 'part of ProtectiveOrder',
  OrderConflict: 'part of ProtectiveOrder',
  CaseConflict: 'part of Case',
  // A value and the connector ids that gave it, reached only through a released record's conflicts.
  ConflictingValue: null,
  Bail: 'BAIL',
  Notice: 'NOTICES',
  Case: 'CASE',
  TimelineEntry: 'CASE',
  Deadline: 'CASE',
  Alert: 'CASE',
  Incident: 'INCIDENTS',
  Breach: 'INCIDENTS',
  BreachOutcome: 'part of Breach',
  // Assembled from records their services released one by one (CourseOfConductService).
  CourseOfConduct: 'INCIDENTS',
  ConductEntry: 'part of CourseOfConduct',
  ConductCounts: 'part of CourseOfConduct',
  ConductEscalation: 'part of CourseOfConduct',
  RiskAssessment: 'RISK',
  DeadLetter: 'DEAD_LETTERS',
  ReconciliationRun: 'RECONCILIATION',
  ReconciliationDifference: 'part of ReconciliationRun',
  Consultation: 'AUDIT_TRAIL',
  AuditChainVerification: 'AUDIT_TRAIL',
  VictimConsent: 'VICTIM_CONTACT',
  VictimNotification: 'VICTIM_CONTACT',
  QuietWindow: 'part of VictimConsent',
  SafePostalAddress: 'part of VictimConsent',
  VictimNotificationStep: 'part of VictimNotification',
  AggregateCell: 'AGGREGATES',
  StageLatency: 'AGGREGATES',
  ProtectedParty: 'part of ProtectiveOrder',
  PostalAddress: 'part of ProtectiveOrder',
  OrderCondition: 'part of ProtectiveOrder',
  ExclusionZone: 'part of ProtectiveOrder',
  OrderVersion: 'part of ProtectiveOrder',
  Provenance: 'part of ProtectiveOrder',
  Court: 'part of ProtectiveOrder',
  OrderAcknowledgement: 'part of ProtectiveOrder',
  OrderNotification: 'part of ProtectiveOrder',
  OrderEscalation: 'part of ProtectiveOrder',
  // Status of a delivery to a force system: no personal data beyond the order it sits in.
  OrderDelivery: 'part of ProtectiveOrder',
  // Its order is released through the access step (AcknowledgementService); the wait is the order's.
  UnacknowledgedOrder: 'ORDERS',
  AcknowledgeResult: 'part of ProtectiveOrder',
  DvpoApplication: 'part of Notice',
  CaseReference: 'part of Case',
  CaseParty: 'part of Case',
  Offence: 'part of Case',
  CustodyEvent: 'part of Case',
  CpsReferral: 'part of Case',
  ChargingDecision: 'part of Case',
  ActionPlan: 'part of Case',
  Hearing: 'part of Case',
  Sentence: 'part of Case',
  MaracReferral: 'part of Case',
  AlertConnection: 'part of Alert',
  AlertEdge: 'part of Alert',
  BreachConnection: 'part of Breach',
  BreachEdge: 'part of Breach',
  DeadlineConnection: 'part of Deadline',
  DeadlineChanged: 'part of Deadline',
  DeadlineEdge: 'part of Deadline',
  TimelineConnection: 'part of TimelineEntry',
  TimelineEdge: 'part of TimelineEntry',
  DeadLetterConnection: 'part of DeadLetter',
  DeadLetterEdge: 'part of DeadLetter',
  ProtectiveOrderConnection: 'part of ProtectiveOrder',
  ProtectiveOrderEdge: 'part of ProtectiveOrder',
  ConsultationConnection: 'part of Consultation',
  ConsultationEdge: 'part of Consultation',
  // No personal data: roots, paging, publication receipts (event ids and rejection reasons).
  Query: null,
  Mutation: null,
  Subscription: null,
  PageInfo: null,
  OrderPublished: null,
  // A force's acknowledgement times: no personal data.
  ForceSetting: null,
  ClockLead: null,
  // A force's own endpoints and keys: configuration, no personal data (FORCE_SETTINGS gates them).
  DeliveryEndpoint: null,
  DeliveryKey: null,
  RegisteredDeliveryEndpoint: null,
  PublishedEvent: null,
  OrderRejected: null,
  RedriveResult: null,
};
