import { createHash, randomBytes } from 'node:crypto';

/** A short random token for unique topics, groups, references and people in one test. */
export function uniqueToken(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/**
 * A surname and a date of birth of their own for each token, as different people have: fixtures that
 * shared a date and differed only after a common prefix ("Respondent1A2B…") would look to scored
 * linkage like one person keyed twice — and be offered as candidates for each other. The surname is
 * syllables from the token (so it also sounds different), the date from its hash.
 */
export function syntheticPerson(
  token: string,
  role: string,
  identity = token,
): { surname: string; dateOfBirth: string } {
  const hash = createHash('sha256').update(`${role}:${identity}`).digest();
  const consonants = 'BDFGKLMNPRSTVZ';
  const vowels = 'aeiou';
  let surname = '';
  for (let i = 0; i < 4; i++) {
    surname += consonants[hash[i]! % consonants.length]! + vowels[hash[i + 4]! % vowels.length]!;
  }
  surname = surname[0]! + surname.slice(1).toLowerCase();
  const year = 1950 + (hash.readUInt16BE(8) % 50);
  const month = 1 + (hash[10]! % 12);
  const day = 1 + (hash[11]! % 28);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { surname: `${surname}${token}`, dateOfBirth: `${year}-${pad(month)}-${pad(day)}` };
}

export interface OrderFixture {
  token: string;
  orderRef: string;
  respondent: { forenames: string; surname: string; dateOfBirth: string; pncId: string };
  applicant: { forenames: string; surname: string; dateOfBirth: string };
  granted: Record<string, unknown>;
  served: Record<string, unknown>;
}

/**
 * A granted non-molestation order and its statement of service in the family court's own format, unique
 * per call (or per token). Used by the tests and by npm run bench.
 */
export function nonMolestationOrder(
  overrides: {
    policeForce?: string;
    endsOn?: string | null;
    token?: string;
    /**
     * What the people's surnames and dates of birth derive from (default: the token). A test comparing
     * two runs with their tokens masked gives both the same identity, so the people match too.
     */
    identity?: string;
  } = {},
): OrderFixture {
  const token = overrides.token ?? uniqueToken();
  const identity = overrides.identity ?? token;
  const court = { code: 'LDSFC', name: 'Leeds Family Court' };
  const caseNumber = `LS${token}`;
  const pncNumber = String(
    parseInt(createHash('sha256').update(token).digest('hex').slice(0, 8), 16) % 10_000_000,
  );
  const respondent = {
    forenames: 'Test',
    ...syntheticPerson(token, 'respondent', identity),
    pncId: `2019/${pncNumber}K`,
  };
  const applicant = { forenames: 'Protected', ...syntheticPerson(token, 'applicant', identity) };
  return {
    token,
    orderRef: `LDSFC/${caseNumber}/1`,
    respondent,
    applicant,
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
      applicant,
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
