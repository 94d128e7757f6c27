import { DeadLetterEntity } from './dead-letter.entity';
import { PersonEntity } from './person.entity';
import { ProtectiveOrderEntity } from './protective-order.entity';

export const ENTITIES = [PersonEntity, ProtectiveOrderEntity, DeadLetterEntity];
export { DeadLetterEntity, PersonEntity, ProtectiveOrderEntity };
