import { createHash, randomBytes } from 'node:crypto';

/** A short random token for unique topics, groups, references and people in one test. */
export function uniqueToken(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export interface OrderFixture {
  token: string;
  orderRef: string;
  respondent: { forenames: string; surname: string; dateOfBirth: string; pncId: string };
  granted: Record<string, unknown>;
  served: Record<string, unknown>;
}

/**
 * A granted non-molestation order and its statement of service in the family court's own format, unique
 * per call (or per token). Used by the tests and by npm run bench.
 */
export function nonMolestationOrder(
  overrides: { policeForce?: string; endsOn?: string | null; token?: string } = {},
): OrderFixture {
  const token = overrides.token ?? uniqueToken();
  const court = { code: 'LDSFC', name: 'Leeds Family Court' };
  const caseNumber = `LS${token}`;
  const pncNumber = String(
    parseInt(createHash('sha256').update(token).digest('hex').slice(0, 8), 16) % 10_000_000,
  );
  const respondent = {
    forenames: 'Test',
    surname: `Respondent${token}`,
    dateOfBirth: '1988-09-30',
    pncId: `2019/${pncNumber}K`,
  };
  return {
    token,
    orderRef: `LDSFC/${caseNumber}/1`,
    respondent,
    granted: {
      messageType: 'ORDER_MADE',
      messageId: `${token}-M1`,
      version: 1,
      court,
      caseNumber,
      policeForce: overrides.policeForce ?? 'WYP',
      order: {
        orderNumber: '1',
        form: 'FL404A',
        madeOn: '2026-11-20T10:15:00Z',
        withoutNotice: true,
        powerOfArrest: false,
        effectiveFrom: '2026-11-20T10:15:00Z',
        endsOn: overrides.endsOn === undefined ? '2099-05-20T16:00:00Z' : overrides.endsOn,
        terms: [
          {
            paragraph: '1',
            code: 'NO_VIOLENCE',
            text: 'The respondent must not use or threaten violence against the applicant.',
          },
          {
            paragraph: '2',
            code: 'NO_CONTACT',
            text: 'The respondent must not contact the applicant by any means.',
          },
        ],
      },
      applicant: { forenames: 'Protected', surname: `Person${token}`, dateOfBirth: '1991-04-12' },
      respondent,
    },
    served: {
      messageType: 'STATEMENT_OF_SERVICE',
      messageId: `${token}-S1`,
      version: 1,
      court,
      caseNumber,
      orderNumber: '1',
      servedOn: '2026-11-21T18:40:00Z',
      method: 'PERSONAL',
    },
  };
}

/** A police force code of letters only (the family court format allows 2–6 capitals), unique per call. */
export function uniquePoliceArea(): string {
  return `X${uniqueToken()
    .slice(0, 5)
    .replace(/[0-9]/g, (d) => String.fromCharCode(71 + Number(d)))}`;
}
