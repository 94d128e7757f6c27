/** The family court system's own message shapes (see family-court.source-schema.json and README.md). */
export interface FamilyCourtParty {
  forenames: string;
  surname: string;
  dateOfBirth?: string;
  pncId?: string;
  address?: { line1: string; line2?: string; town?: string; postcode: string };
  addressConfidential?: boolean;
}

export interface FamilyCourtOrderMade {
  messageType: 'ORDER_MADE';
  messageId: string;
  version: number;
  court: { code: string; name: string };
  caseNumber: string;
  policeForce: string;
  order: {
    orderNumber: string;
    form: string;
    madeOn?: string;
    withoutNotice: boolean;
    powerOfArrest: boolean;
    effectiveFrom: string;
    /** Required; null: until further order. */
    endsOn: string | null;
    terms: { paragraph: string; code?: string; text: string }[];
  };
  applicant: FamilyCourtParty;
  respondent: FamilyCourtParty;
}

export interface FamilyCourtStatementOfService {
  messageType: 'STATEMENT_OF_SERVICE';
  messageId: string;
  version: number;
  court: { code: string; name: string };
  caseNumber: string;
  orderNumber: string;
  servedOn?: string;
  method: 'PERSONAL' | 'ALTERNATIVE' | 'DEEMED';
}

export interface FamilyCourtOrderChange {
  messageType: 'ORDER_VARIED' | 'ORDER_EXTENDED' | 'ORDER_DISCHARGED';
  messageId: string;
  version: number;
  court: { code: string; name: string };
  caseNumber: string;
  orderNumber: string;
  changedOn: string;
  variationNumber?: number;
  terms?: { paragraph: string; code?: string; text: string }[];
  powerOfArrest?: boolean;
  endsOn?: string | null;
  reason?: string;
}
