import { BoundedPubSub } from './bounded-pub-sub';

describe(BoundedPubSub.name, () => {
  it('should deliver only to subscribers of the same topic and id, in order', async () => {
    const sut = new BoundedPubSub();
    const wyp = sut.subscribe('ORDER_CHANGED', 'WYP')[Symbol.asyncIterator]();
    const nyp = sut.subscribe('ORDER_CHANGED', 'NYP')[Symbol.asyncIterator]();
    sut.publish('ORDER_CHANGED', 'WYP', 1);
    sut.publish('ORDER_CHANGED', 'NYP', 'n');
    sut.publish('ORDER_CHANGED', 'WYP', 2);
    expect(await wyp.next()).toEqual({ value: 1, done: false });
    expect(await wyp.next()).toEqual({ value: 2, done: false });
    expect(await nyp.next()).toEqual({ value: 'n', done: false });
  });

  it('should drop only a subscriber that falls too far behind, with a coded error, and keep serving others', async () => {
    const sut = new BoundedPubSub(3);
    const slow = sut.subscribe('T', 'A')[Symbol.asyncIterator]();
    const fast = sut.subscribe('T', 'A')[Symbol.asyncIterator]();
    const received: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      sut.publish('T', 'A', i);
      received.push((await fast.next()).value);
    }
    expect(received).toEqual([0, 1, 2, 3, 4]);
    expect(sut.droppedSubscribers).toBe(1);
    await expect(slow.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
    expect(sut.subscriberCount()).toBe(1);
  });

  it('should forget a subscriber that unsubscribes', async () => {
    const sut = new BoundedPubSub();
    const it = sut.subscribe('T')[Symbol.asyncIterator]();
    expect(sut.subscriberCount()).toBe(1);
    await it.return!();
    expect(sut.subscriberCount()).toBe(0);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
