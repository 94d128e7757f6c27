import { EventEmitter } from 'node:events';
import { type WebSocketServer } from 'ws';
import { createLogger } from '../../common/logger';
import { NO_TELEMETRY, type Telemetry } from '../../common/telemetry';
import { watchSocketLiveness } from './socket-liveness';

/** The part of a ws socket the watch uses: readyState, bufferedAmount, ping/pong and terminate. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  pings = 0;
  terminated = false;
  /** A reading client answers each ping; a paused one does not. */
  constructor(private readonly reads: boolean) {
    super();
  }
  ping(): void {
    this.pings += 1;
    if (this.reads) queueMicrotask(() => this.emit('pong'));
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }
}

function fakeServer() {
  const server = new EventEmitter() as EventEmitter & { clients: Set<FakeSocket> };
  server.clients = new Set();
  const connect = (socket: FakeSocket) => {
    server.clients.add(socket);
    server.emit('connection', socket);
  };
  return { server: server as unknown as WebSocketServer, connect };
}

describe('subscription socket liveness', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const dropped: string[] = [];
  const telemetry: Telemetry = { ...NO_TELEMETRY, subscriberDropped: (reason) => dropped.push(reason) };
  beforeEach(() => (dropped.length = 0));
  /** A watched server with a one-second ping interval. */
  const watched = (maxBufferedBytes = 1 << 20) => {
    const { server, connect } = fakeServer();
    const watch = watchSocketLiveness(
      server,
      { pingIntervalMs: 1000, maxBufferedBytes },
      createLogger('silent'),
      telemetry,
    );
    return { connect, stop: () => watch.stop() };
  };

  it('should end a socket that has not answered a ping one interval later, and keep one that reads', async () => {
    const reader = new FakeSocket(true);
    const stalled = new FakeSocket(false);
    const watch = watched();
    const { connect } = watch;
    connect(reader);
    connect(stalled);
    await jest.advanceTimersByTimeAsync(1000);
    expect([reader.pings, stalled.pings]).toEqual([1, 1]);
    expect(stalled.terminated).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(stalled.terminated).toBe(true);
    expect(dropped).toEqual(['not_reading']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(reader.terminated).toBe(false);
    expect(reader.pings).toBe(7);
    watch.stop();
  });

  it('should end a socket whose unsent bytes pass the bound, before its ping is due', async () => {
    const flooded = new FakeSocket(true);
    const watch = watched(4096);
    const { connect } = watch;
    connect(flooded);
    flooded.bufferedAmount = 4097;
    await jest.advanceTimersByTimeAsync(1000);
    expect(flooded.terminated).toBe(true);
    expect(dropped).toEqual(['buffer_full']);
    watch.stop();
  });

  it('should give a socket that connected between two checks a whole interval to answer', async () => {
    const watch = watched();
    const { connect } = watch;
    await jest.advanceTimersByTimeAsync(900);
    const late = new FakeSocket(false);
    connect(late);
    await jest.advanceTimersByTimeAsync(100);
    expect(late.pings).toBe(1);
    expect(late.terminated).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(late.terminated).toBe(true);
    watch.stop();
  });
});
