/*
 * Rows as the read repositories select them, one declaration per table read in more than one place
 * (`restricted_to` is the label column the reads add, docs/access-control.md). The projection's writes
 * take the folds' own shapes (src/projection/folds); the tables themselves are declared by the migrations.
 */

/** A person (table person). */
export interface PersonRow {
  restricted_to?: string | null;
  person_id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  pnc_id: string | null;
  cro_number: string | null;
}

/** A clock (table deadline). */
export interface DeadlineRow {
  restricted_to?: string | null;
  deadline_id: string;
  stream_key: string;
  rule_id: string;
  description: string;
  citation: string;
  verified: boolean;
  due_on: string | null;
  due_at: Date | null;
  police_area: string | null;
  subject_ref: string;
  met_by: string | null;
}

/** An alert (table alert). */
export interface AlertRow {
  restricted_to?: string | null;
  alert_id: string;
  stream_key: string;
  kind: string;
  message: string;
  citation: string | null;
  police_area: string | null;
  subject_ref: string;
  raised_by: string;
  raised_at: Date | null;
}
