import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Persistence shape only; never a GraphQL type (src/api/types maps what may be shown). */
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryColumn('uuid', { name: 'person_id' }) personId!: string;
  @Column('text', { name: 'pnc_id', nullable: true }) pncId!: string | null;
  @Column('text', { name: 'given_name' }) givenName!: string;
  @Column('text', { name: 'family_name' }) familyName!: string;
  @Column('text', { name: 'name_key' }) nameKey!: string;
  @Column('date', { name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column('uuid', { name: 'first_seen_event' }) firstSeenEvent!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
