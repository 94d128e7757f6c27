export * from './order.type';
export * from './person.type';
