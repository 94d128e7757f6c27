import { type RecordLabels } from '../../security/access-policy';
import { type RecordAccess } from '../../security/access-step';
import { type DataClass } from '../../security/entitlements';

/**
 * The labels of a row, as the read side's access step decides them (src/security/access-policy.ts).
 * `restricted_to` and areas come from the SQL functions of migration AccessLabels, computed when read.
 */
export function labelled(
  id: string,
  dataClass: DataClass,
  row: { police_area?: string | null; restricted_to?: string | null },
  confidentialAddress: boolean,
  personIds: readonly (string | null | undefined)[] = [],
): RecordAccess {
  const labels: RecordLabels = {
    dataClass,
    policeArea: row.police_area?.trim().toUpperCase() || null,
    restrictedTo: row.restricted_to?.trim().toUpperCase() || null,
    confidentialAddress,
  };
  return { id, labels, personIds: personIds.filter((p): p is string => typeof p === 'string') };
}
