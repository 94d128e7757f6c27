import { type OperationDocument } from './officer-app-documents';

/**
 * The operations the console (console/, served at `/`) sends — all of them, so a gateway with
 * TRUSTED_DOCUMENTS=require serves the console. The console imports these very strings (esbuild bundles
 * this file), `schema:emit` writes them into schema/trusted-documents.json, and a unit test validates each
 * against the schema: a schema change that breaks a screen fails the build, not the officer at the door.
 * Plain strings only: this file is bundled for the browser.
 */

const ORDER_FIELDS = `reference
  orderType
  status
  statusReason
  statusAsOf
  effectiveFrom
  enforceableFrom
  servedAt
  expiresAt
  untilFurtherOrder
  powerOfArrest
  withoutNotice
  policeArea
  caseUrn
  court { name }
  conditions { paragraph code text }
  exclusionZones { description postcode radiusMetres }
  protectedPersons { givenName familyName addressConfidential address { postcode town } }
  breachReferences
  notifications { policeArea notifiedAt acknowledgedAt acknowledgedBy escalations { step at } }`;

export const CONSOLE_OFFICER_SEARCH: OperationDocument = {
  name: 'ConsoleOfficerSearch',
  type: 'query',
  body: `query ConsoleOfficerSearch($familyName: String, $givenName: String, $dateOfBirth: LocalDate, $pncId: String) {
  searchPeople(familyName: $familyName, givenName: $givenName, dateOfBirth: $dateOfBirth, pncId: $pncId) {
    matchedOn
    confidence
    confident
    matchWeight
    reason
    comparisons { field level detail weight }
    mergedRecords
    person {
      id
      givenName
      familyName
      dateOfBirth
      pncId
      protectiveOrders {
        ${ORDER_FIELDS}
      }
      bail {
        reference
        kind
        status
        bailedOn
        returnOn
        courtName
        conditions { paragraph code text }
      }
      notices {
        reference
        noticeType
        servedAt
        conditions { paragraph text }
        dvpoApplication { court hearingAt }
      }
      riskAssessments { assessmentRef tool level assessedOn }
      breaches { reference breachedKind breachedReference description occurredAt reportedAt outcome }
      incidents { crimeReference reportedAt domesticAbuse offences { description } }
    }
  }
}`,
};

export const CONSOLE_ORDERS_AT_POSTCODE: OperationDocument = {
  name: 'ConsoleOrdersAtPostcode',
  type: 'query',
  body: `query ConsoleOrdersAtPostcode($policeArea: String!, $postcode: String!) {
  protectiveOrdersInArea(policeArea: $policeArea, postcode: $postcode, first: 50) {
    edges {
      node {
        ${ORDER_FIELDS}
      }
    }
  }
}`,
};

export const CONSOLE_ACKNOWLEDGE_ORDER: OperationDocument = {
  name: 'ConsoleAcknowledgeOrder',
  type: 'mutation',
  body: `mutation ConsoleAcknowledgeOrder($reference: String!) {
  acknowledgeOrder(reference: $reference) {
    reference
    policeArea
    acknowledgedAt
    acknowledgedBy
    first
  }
}`,
};

export const CONSOLE_BOARD: OperationDocument = {
  name: 'ConsoleBoard',
  type: 'query',
  body: `query ConsoleBoard($policeArea: String!) {
  unacknowledgedOrders(policeArea: $policeArea, first: 50) {
    waitingSeconds
    notification { notifiedAt escalations { step at } }
    order { reference orderType status statusReason court { name } }
  }
  protectiveOrdersInArea(policeArea: $policeArea, first: 20) {
    edges { node { reference orderType status statusReason effectiveFrom servedAt court { name } } }
  }
  alerts(policeArea: $policeArea, first: 20) {
    edges { node { id kind message subjectRef raisedAt citation } }
  }
  deadlines(policeArea: $policeArea, withinDays: 7, first: 20) {
    edges { node { id rule description subjectRef dueAt dueOn status citation verified } }
  }
  breachesInArea(policeArea: $policeArea, first: 20) {
    edges { node { reference breachedKind breachedReference description occurredAt reportedAt outcome enforced } }
  }
}`,
};

export const CONSOLE_ORDER_CHANGED: OperationDocument = {
  name: 'ConsoleOrderChanged',
  type: 'subscription',
  body: `subscription ConsoleOrderChanged($policeArea: String!) {
  orderChanged(policeArea: $policeArea) {
    changeType
    eventId
    order { reference orderType status statusReason effectiveFrom servedAt court { name } }
  }
}`,
};

export const CONSOLE_ALERT_RAISED: OperationDocument = {
  name: 'ConsoleAlertRaised',
  type: 'subscription',
  body: `subscription ConsoleAlertRaised($policeArea: String!) {
  alertRaised(policeArea: $policeArea) { id kind message subjectRef raisedAt citation }
}`,
};

export const CONSOLE_TRENDS: OperationDocument = {
  name: 'ConsoleTrends',
  type: 'query',
  body: `query ConsoleTrends($policeArea: String!, $from: LocalDate!, $to: LocalDate!) {
  orders: statistics(measure: ORDERS_GRANTED, from: $from, to: $to, policeArea: $policeArea) {
    month category count suppressed
  }
  alerts: statistics(measure: ALERTS_RAISED, from: $from, to: $to, policeArea: $policeArea) {
    month category count suppressed
  }
  pipelineLatency { source stage count p50 p95 p99 }
}`,
};

export const CONSOLE_STATISTICS: OperationDocument = {
  name: 'ConsoleStatistics',
  type: 'query',
  body: `query ConsoleStatistics($measure: Measure!, $from: LocalDate!, $to: LocalDate!, $policeArea: String) {
  statistics(measure: $measure, from: $from, to: $to, policeArea: $policeArea) {
    measure policeArea month category count suppressed
  }
}`,
};

export const CONSOLE_CASE: OperationDocument = {
  name: 'ConsoleCase',
  type: 'query',
  body: `query ConsoleCase($urn: String!, $after: String) {
  case(urn: $urn) {
    urn
    stage
    policeArea
    domesticAbuse
    timeLimitMarkedOn
    deadlines { id rule description subjectRef dueAt dueOn status citation verified }
    decisions { decision decidedOn reason charges { description } }
    hearings { reference court hearingType listedFor outcome }
    alerts { id kind message subjectRef raisedAt citation }
    timeline(first: 50, after: $after) {
      edges { node { eventId agency source eventType occurredAt receivedAt summary } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
};

export const CONSOLE_CONSULTATIONS: OperationDocument = {
  name: 'ConsoleConsultations',
  type: 'query',
  body: `query ConsoleConsultations($pncId: String, $familyName: String, $dateOfBirth: LocalDate) {
  searchPeople(pncId: $pncId, familyName: $familyName, dateOfBirth: $dateOfBirth) {
    person {
      id
      givenName
      familyName
      dateOfBirth
      consultations(first: 100) {
        edges { node { at actor agency area purpose operation outcome refusedBy } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`,
};

export const CONSOLE_AUDIT_CHAIN: OperationDocument = {
  name: 'ConsoleAuditChain',
  type: 'query',
  body: `query ConsoleAuditChain {
  auditChainVerification { intact checked firstBrokenAuditId firstBrokenReason verifiedAt }
}`,
};

export const CONSOLE_OPERATIONS: OperationDocument = {
  name: 'ConsoleOperations',
  type: 'query',
  body: `query ConsoleOperations($from: LocalDate!, $to: LocalDate!) {
  deadLetters(first: 50) {
    edges { node { id connector reasonCode message problems contentType receivedAt truncated } }
    pageInfo { hasNextPage endCursor }
  }
  reconciliations(from: $from, to: $to, first: 30) {
    id connector day ranAt ranBy manifestRecords matched missing extra changed
    differences { kind sourceRecordId sourceVersion hubVersion }
  }
}`,
};

export const CONSOLE_REDRIVE: OperationDocument = {
  name: 'ConsoleRedrive',
  type: 'mutation',
  body: `mutation ConsoleRedrive($id: ID!) {
  redriveDeadLetter(id: $id) { outcome eventIds newDeadLetterId }
}`,
};

export const CONSOLE_DOCUMENTS: readonly OperationDocument[] = [
  CONSOLE_OFFICER_SEARCH,
  CONSOLE_ORDERS_AT_POSTCODE,
  CONSOLE_ACKNOWLEDGE_ORDER,
  CONSOLE_BOARD,
  CONSOLE_ORDER_CHANGED,
  CONSOLE_ALERT_RAISED,
  CONSOLE_TRENDS,
  CONSOLE_STATISTICS,
  CONSOLE_CASE,
  CONSOLE_CONSULTATIONS,
  CONSOLE_AUDIT_CHAIN,
  CONSOLE_OPERATIONS,
  CONSOLE_REDRIVE,
];
