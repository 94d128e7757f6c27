/**
 * Synthetic demo records in the family court's own format (names are invented). Loaded by `npm start`
 * in the embedded mode through the same ingest path as real feeds. Dates are relative to `now` so the
 * demo always shows each status.
 */
export function demoFamilyCourtMessages(now: Date): object[] {
  const day = 24 * 60 * 60 * 1000;
  const iso = (offsetDays: number) => new Date(now.getTime() + offsetDays * day).toISOString();
  const court = { code: 'LDSFC', name: 'Leeds Family Court' };
  const term = (paragraph: string, code: string, text: string) => ({ paragraph, code, text });
  const order = (n: number, respondent: object, applicant: object, extra: object) => ({
    messageType: 'ORDER_MADE',
    messageId: `DEMO-LDSFC-${n}-M`,
    version: 1,
    court,
    caseNumber: `LS26F00${100 + n}`,
    policeForce: 'WYP',
    applicant,
    respondent,
    ...extra,
  });
  const served = (n: number, servedOffsetDays: number) => ({
    messageType: 'STATEMENT_OF_SERVICE',
    messageId: `DEMO-LDSFC-${n}-S`,
    version: 1,
    court,
    caseNumber: `LS26F00${100 + n}`,
    orderNumber: '1',
    servedOn: iso(servedOffsetDays),
    method: 'PERSONAL',
  });
  return [
    order(
      1,
      { forenames: 'Daniel', surname: 'Ashworth', dateOfBirth: '1988-09-30', pncId: '2019/0456712K' },
      { forenames: 'Megan', surname: 'Ashworth', dateOfBirth: '1991-04-12' },
      {
        order: {
          orderNumber: '1',
          form: 'FL404A',
          madeOn: iso(-3),
          withoutNotice: true,
          powerOfArrest: false,
          effectiveFrom: iso(-3),
          endsOn: iso(180),
          terms: [
            term(
              '1',
              'NO_VIOLENCE',
              'The respondent must not use or threaten violence against the applicant.',
            ),
            term(
              '2',
              'NO_CONTACT',
              'The respondent must not contact the applicant by any means except through solicitors.',
            ),
          ],
        },
      },
    ),
    served(1, -2),
    order(
      2,
      { forenames: 'Craig', surname: 'Holloway', dateOfBirth: '1983-01-17' },
      { forenames: 'Aisha', surname: 'Rahman', dateOfBirth: '1990-06-05' },
      {
        order: {
          orderNumber: '1',
          form: 'FL404A',
          madeOn: iso(-1),
          withoutNotice: true,
          powerOfArrest: false,
          effectiveFrom: iso(-1),
          endsOn: iso(365),
          terms: [
            term(
              '1',
              'EXCLUSION_ZONE',
              'The respondent must not go within 200 metres of the applicant’s home.',
            ),
          ],
        },
      },
    ),
    order(
      3,
      { forenames: 'Karl', surname: 'Webb', dateOfBirth: '1979-02-28' },
      { forenames: 'Priya', surname: 'Sandhu' },
      {
        order: {
          orderNumber: '1',
          form: 'FL404',
          withoutNotice: false,
          powerOfArrest: true,
          effectiveFrom: iso(-30),
          endsOn: null,
          terms: [
            term(
              '1',
              'LEAVE_HOME',
              'The respondent shall leave the family home and not return until further order.',
            ),
          ],
        },
      },
    ),
    served(3, -29),
  ];
}
