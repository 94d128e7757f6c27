/**
 * CJS result codes the connector acts on. A court result message carries many more (Bichard 7 knows
 * hundreds); every code is kept on the hearing outcome with its text, and only these produce events.
 *
 * Source: 3047 "Restraining Order Protection from Harassment" is named in Bichard 7's trigger TRPR0003
 * (docs/sources.md). Every other code below is modelled for this project and UNVERIFIED against the CJS
 * result code list: replace them from the list a court system actually sends before connecting one.
 */
export type ResultAction =
  | { kind: 'ORDER'; orderType: 'RESTRAINING_ON_CONVICTION' | 'RESTRAINING_ON_ACQUITTAL' | 'DVPO' | 'DAPO' }
  | { kind: 'ORDER_VARIED' | 'ORDER_DISCHARGED' }
  | { kind: 'BAIL_GRANTED'; conditional: boolean }
  | { kind: 'BAIL_VARIED' | 'BAIL_REVOKED' | 'REMAND_IN_CUSTODY' | 'SENTENCE' };

export const RESULT_CODES: Readonly<
  Record<string, { action: ResultAction; title: string; verified: boolean }>
> = {
  '3047': {
    action: { kind: 'ORDER', orderType: 'RESTRAINING_ON_CONVICTION' },
    title: 'Restraining order (Protection from Harassment Act 1997 s.5)',
    verified: true,
  },
  '3048': {
    action: { kind: 'ORDER', orderType: 'RESTRAINING_ON_ACQUITTAL' },
    title: 'Restraining order on acquittal (Protection from Harassment Act 1997 s.5A)',
    verified: false,
  },
  // DVPOs and DAPOs are made by a magistrates' court on a police application after a notice; their
  // results arrive in the same message format. Codes modelled for this project: UNVERIFIED.
  '3330': {
    action: { kind: 'ORDER', orderType: 'DVPO' },
    title: 'Domestic violence protection order (Crime and Security Act 2010 s.28)',
    verified: false,
  },
  '3331': {
    action: { kind: 'ORDER', orderType: 'DAPO' },
    title: 'Domestic abuse protection order (Domestic Abuse Act 2021 s.28)',
    verified: false,
  },
  '3332': {
    action: { kind: 'ORDER_VARIED' },
    title: 'Protective order varied (e.g. Domestic Abuse Act 2021 s.44)',
    verified: false,
  },
  '3333': {
    action: { kind: 'ORDER_DISCHARGED' },
    title: 'Protective order discharged (e.g. Domestic Abuse Act 2021 s.44)',
    verified: false,
  },
  // Unconditional and conditional bail are separate results, so "no conditions" is said by the court, never
  // read from conditions that happen to be missing.
  '4013': {
    action: { kind: 'BAIL_GRANTED', conditional: false },
    title: 'Remanded on unconditional bail',
    verified: false,
  },
  '4014': {
    action: { kind: 'BAIL_GRANTED', conditional: true },
    title: 'Remanded on conditional bail',
    verified: false,
  },
  '4015': { action: { kind: 'BAIL_VARIED' }, title: 'Bail conditions varied', verified: false },
  '4016': { action: { kind: 'BAIL_REVOKED' }, title: 'Bail revoked', verified: false },
  '4027': { action: { kind: 'REMAND_IN_CUSTODY' }, title: 'Remanded in custody', verified: false },
  '1002': { action: { kind: 'SENTENCE' }, title: 'Imprisonment', verified: false },
  '1115': { action: { kind: 'SENTENCE' }, title: 'Suspended sentence order', verified: false },
  '1116': { action: { kind: 'SENTENCE' }, title: 'Community order', verified: false },
  '1015': { action: { kind: 'SENTENCE' }, title: 'Fine', verified: false },
};

/** Verdicts the message may carry; anything else is refused as an unknown code. */
export const VERDICTS = [
  'CONVICTED',
  'ACQUITTED',
  'GUILTY_PLEA',
  'ADJOURNED',
  'WITHDRAWN',
  'DISMISSED',
  /** A civil application (DVPO, DAPO) granted; refused is DISMISSED. */
  'ORDER_MADE',
] as const;
