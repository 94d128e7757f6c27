import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type OrderCondition, type PartyData } from '../../domain/canonical-events';

/** One row per order reference; `granted` is false while only a later event (e.g. service) has arrived. */
@Entity({ name: 'protective_order' })
export class ProtectiveOrderEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text', { name: 'order_ref' }) orderRef!: string;
  @Column('boolean') granted!: boolean;
  @Column('text', { name: 'order_type', nullable: true }) orderType!: string | null;
  @Column('text', { name: 'source_order_code', nullable: true }) sourceOrderCode!: string | null;
  @Column('text', { name: 'court_code', nullable: true }) courtCode!: string | null;
  @Column('text', { name: 'court_name', nullable: true }) courtName!: string | null;
  @Column('text', { name: 'case_number', nullable: true }) caseNumber!: string | null;
  @Column('text', { name: 'police_area', nullable: true }) policeArea!: string | null;
  @Column('uuid', { name: 'respondent_id', nullable: true }) respondentId!: string | null;
  @Column('uuid', { name: 'protected_person_ids', array: true }) protectedPersonIds!: string[];
  @Column('jsonb', { name: 'protected_parties' }) protectedParties!: PartyData[];
  @Column('jsonb') conditions!: OrderCondition[];
  @Column('boolean', { name: 'power_of_arrest', nullable: true }) powerOfArrest!: boolean | null;
  @Column('boolean', { name: 'without_notice', nullable: true }) withoutNotice!: boolean | null;
  @Column('timestamptz', { name: 'made_at', nullable: true }) madeAt!: Date | null;
  @Column('timestamptz', { name: 'effective_from', nullable: true }) effectiveFrom!: Date | null;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('boolean') served!: boolean;
  @Column('timestamptz', { name: 'served_at', nullable: true }) servedAt!: Date | null;
  @Column('text', { name: 'service_method', nullable: true }) serviceMethod!: string | null;
  @Column('text', { name: 'source_system', nullable: true }) sourceSystem!: string | null;
  @Column('uuid', { name: 'granted_event_id', nullable: true }) grantedEventId!: string | null;
  @Column('uuid', { name: 'served_event_id', nullable: true }) servedEventId!: string | null;
  @Column('timestamptz', { name: 'asserted_at', nullable: true }) assertedAt!: Date | null;
  @Column('timestamptz', { name: 'received_at', nullable: true }) receivedAt!: Date | null;
  @Column('integer') version!: number;
}
