import { createPubSub } from '@graphql-yoga/subscription';
import { errorMessage } from '../../common/errors';
import { type Logger } from '../../common/logger';
import { type ConsumerHandle, type EventLog } from '../../messaging/event-log.port';
import { type OrderChangeMessage } from '../../projection/order.projection';

export const ORDER_CHANGED = 'ORDER_CHANGED';

export interface OrderChangedDelivery {
  changeType: string;
  eventId: string;
  orderId: string;
  orderRef: string;
}

/** Routing inside one replica, keyed by police area. It is fed only from the change-feed topic. */
export type GatewayPubSub = ReturnType<typeof createGatewayPubSub>;

export function createGatewayPubSub() {
  return createPubSub<{ [ORDER_CHANGED]: [string, OrderChangedDelivery] }>();
}

/**
 * Every gateway replica reads the whole change-feed topic in its own consumer group (group id includes the
 * instance id), from "now": so each replica sees every change, and no in-memory pub/sub is ever the
 * source of truth — the projection that was committed is.
 */
export class ChangeFeed {
  private consumer: ConsumerHandle | null = null;

  constructor(
    private readonly eventLog: EventLog,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly pubSub: GatewayPubSub,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.consumer = await this.eventLog.startConsumer({
      groupId: this.groupId,
      topics: [this.topic],
      fromBeginning: false,
      handleBatch: (batch) => {
        for (const message of batch.messages) {
          let change: OrderChangeMessage;
          try {
            change = JSON.parse(message.value.toString('utf8')) as OrderChangeMessage;
          } catch (err) {
            this.logger.warn('unreadable change-feed message skipped', { offset: message.offset, error: errorMessage(err) });
            continue;
          }
          if (change.kind !== 'ORDER_CHANGED' || !change.policeArea) continue;
          this.pubSub.publish(ORDER_CHANGED, change.policeArea, {
            changeType: change.changeType,
            eventId: change.eventId,
            orderId: change.orderId,
            orderRef: change.orderRef,
          });
        }
        return Promise.resolve();
      },
    });
    await this.consumer.ready;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }
}
