/**
 * The operations Shieldline's reference officer app and force dashboards send. Emitted as
 * schema/trusted-documents.json (an Apollo persisted-query manifest: id = sha-256 of the body) by
 * `npm run schema:emit`; a gateway with TRUSTED_DOCUMENTS=require runs these and nothing else unless
 * TRUSTED_DOCUMENTS_FILE names the manifest of another app. A unit test validates every one against the
 * schema, so a schema change that breaks the app fails the build.
 */
export interface OperationDocument {
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export const OFFICER_APP_DOCUMENTS: readonly OperationDocument[] = [
  {
    name: 'PersonWithOrdersAndBail',
    type: 'query',
    body: `query PersonWithOrdersAndBail($pnc: String!) {
  searchPeople(pncId: $pnc) {
    matchedOn
    confidence
    person {
      id
      givenName
      familyName
      protectiveOrders {
        reference
        orderType
        status
        expiresAt
        untilFurtherOrder
        conditions {
          paragraph
          text
        }
      }
      bail {
        reference
        returnOn
      }
    }
  }
}`,
  },
  {
    name: 'PersonByName',
    type: 'query',
    body: `query PersonByName($familyName: String!, $givenName: String, $dateOfBirth: LocalDate) {
  searchPeople(familyName: $familyName, givenName: $givenName, dateOfBirth: $dateOfBirth) {
    matchedOn
    confidence
    reason
    person {
      id
      givenName
      familyName
      dateOfBirth
      protectiveOrders {
        reference
        orderType
        status
      }
    }
  }
}`,
  },
  {
    name: 'OrderByReference',
    type: 'query',
    body: `query OrderByReference($reference: String!) {
  protectiveOrder(reference: $reference) {
    reference
    orderType
    status
    powerOfArrest
    expiresAt
    untilFurtherOrder
    conditions {
      paragraph
      code
      text
    }
  }
}`,
  },
  {
    name: 'AcknowledgeOrder',
    type: 'mutation',
    body: `mutation AcknowledgeOrder($reference: String!) {
  acknowledgeOrder(reference: $reference) {
    reference
    policeArea
    acknowledgedAt
  }
}`,
  },
  {
    name: 'OrdersChangedInArea',
    type: 'subscription',
    body: `subscription OrdersChangedInArea($policeArea: String!) {
  orderChanged(policeArea: $policeArea) {
    changeType
    eventId
    order {
      reference
      orderType
      status
    }
  }
}`,
  },
];
