import { type DataSource } from 'typeorm';
import { type DeliveryAdminPort, REPLAY_LIMIT } from '../domain/delivery-admin.service';
import { DELIVERY_QUEUE, deliveryAttemptJob, type JobQueue } from '../persistence/job-queue';
import { DeliveryRepository } from '../persistence/repositories/delivery.repository';

/** The delivery admin service's port: the repository, and a replay that re-opens and schedules at once. */
export function deliveryAdminStore(dataSource: DataSource, queue: JobQueue | null): DeliveryAdminPort {
  const repo = new DeliveryRepository(dataSource);
  return {
    registerEndpoint: (e) => repo.registerEndpoint(e),
    endpoint: (id) => repo.endpoint(id),
    endpointsOfArea: (area) => repo.endpointsOfArea(area),
    addKey: (id, keyId, secret) => repo.addKey(id, keyId, secret),
    retireKey: (id, keyId) => repo.retireKey(id, keyId),
    removeEndpoint: (id) => repo.removeEndpoint(id),
    deliveriesOf: (refs) => repo.deliveriesOf(refs),
    setRetries: (id, retries) => repo.setRetries(id, retries),
    setTls: (id, tls) => repo.setTls(id, tls),
    replay: async (endpointId, since) => {
      if (!queue) throw new Error('this process has no job queue (run the projector or delivery role)');
      const replayTag = `replay:${new Date().toISOString()}`;
      return dataSource.transaction(async (db) => {
        const tx = new DeliveryRepository(db);
        const ids = await tx.deliveriesSince(endpointId, since, REPLAY_LIMIT);
        await tx.reopen(ids);
        await queue.schedule(
          db,
          DELIVERY_QUEUE,
          ids.map((id) => deliveryAttemptJob(id, 1, new Date(), replayTag)),
        );
        return ids.length;
      });
    },
  };
}
