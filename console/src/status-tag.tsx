import { words } from './format';

/** An order's status as a GOV.UK tag; the colour follows what the officer may do, not the code. */
const COLOURS: Record<string, string> = {
  IN_FORCE: 'govuk-tag--green',
  GRANTED_NOT_SERVED: 'govuk-tag--yellow',
  EXPIRED: 'govuk-tag--grey',
  DISCHARGED: 'govuk-tag--grey',
  REVOKED: 'govuk-tag--grey',
};

export function StatusTag({ status }: { status: string }) {
  return <strong class={`govuk-tag ${COLOURS[status] ?? 'govuk-tag--blue'}`}>{words(status)}</strong>;
}
