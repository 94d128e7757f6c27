// Jest's default order (by size and past duration), except that the tests which start their own extra
// Kafka brokers run last: in two CI runs, tests started right after them had publishes time out for up
// to a minute (cause not yet found: the extra brokers are stopped and no process is left behind), and
// what runs after them must not inherit that.
const Sequencer = require('@jest/test-sequencer').default;

const OWN_BROKERS = /(cluster-faults|log-identity)\.e2e-spec\.ts$/;

class OwnBrokersLast extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [
      ...sorted.filter((t) => !OWN_BROKERS.test(t.path)),
      ...sorted.filter((t) => OWN_BROKERS.test(t.path)),
    ];
  }
}

module.exports = OwnBrokersLast;
