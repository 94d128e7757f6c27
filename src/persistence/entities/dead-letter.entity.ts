import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type Problem } from '../../../connectors/contract/connector';

@Entity({ name: 'dead_letter' })
export class DeadLetterEntity {
  @PrimaryColumn('uuid', { name: 'dead_letter_id' }) deadLetterId!: string;
  @Column('text') connector!: string;
  @Column('text', { name: 'reason_code' }) reasonCode!: string;
  @Column('text') message!: string;
  @Column('jsonb') problems!: Problem[];
  @Column('text', { name: 'content_type', nullable: true }) contentType!: string | null;
  @Column('bytea', { name: 'original_bytes' }) originalBytes!: Buffer;
  @Column('boolean') truncated!: boolean;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}
