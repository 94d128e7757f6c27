export * from './order.type';
export * from './person.type';
export * from './timeline.type';
export * from './case.type';
export * from './connection.type';
export * from './connections.type';
export * from './acknowledgement.type';
export * from './delivery.type';
