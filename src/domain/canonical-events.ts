/**
 * Canonical event payloads (the `data` of each CloudEvent). JSON Schemas for them live in schema/events/
 * and a unit test checks that normalizer output conforms.
 */
export const EVENT_TYPES = {
  orderGranted: 'uk.shieldline.court.order.granted.v1',
  orderServed: 'uk.shieldline.court.order.served.v1',
} as const;

export const ORDER_TYPES = [
  'NON_MOLESTATION',
  'OCCUPATION',
  'RESTRAINING_ON_CONVICTION',
  'RESTRAINING_ON_ACQUITTAL',
  'DVPO',
  'DAPO',
  'OTHER',
] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export interface PersonalName {
  given: string;
  family: string;
}

export interface PostalAddress {
  line1: string;
  line2: string | null;
  town: string | null;
  postcode: string;
}

export interface PartyData {
  name: PersonalName;
  /** YYYY-MM-DD; null when the source did not give it (such records must not match confidently). */
  dateOfBirth: string | null;
  pncId: string | null;
  address: PostalAddress | null;
  addressConfidential: boolean;
}

export interface OrderCondition {
  /** Source paragraph number, kept so the officer can quote the order. */
  paragraph: string;
  code: string | null;
  /** Full text as made; never truncated. */
  text: string;
}

export interface OrderGrantedData {
  orderRef: string;
  orderType: OrderType;
  /** The source's own code for the order type (e.g. form FL404A), always kept. */
  sourceOrderCode: string;
  court: { code: string; name: string };
  caseNumber: string;
  policeArea: string;
  respondent: PartyData;
  protectedPersons: PartyData[];
  conditions: OrderCondition[];
  powerOfArrest: boolean;
  withoutNotice: boolean;
  madeAt: string | null;
  effectiveFrom: string;
  /** null ⇒ "until further order". */
  expiresAt: string | null;
}

export type ServiceMethod = 'PERSONAL' | 'ALTERNATIVE' | 'DEEMED';

export interface OrderServedData {
  orderRef: string;
  /** null when the statement of service did not give a time. */
  servedAt: string | null;
  method: ServiceMethod;
}

export function orderRef(courtCode: string, caseNumber: string, orderNumber: string): string {
  return `${courtCode}/${caseNumber}/${orderNumber}`;
}
