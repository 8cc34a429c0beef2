const Sequencer = require('@jest/test-sequencer').default;

/**
 * The suites that take longest, first, even without Jest's timing cache (a
 * fresh clone, CI, `--clearCache`): Jest then orders by file size, and these
 * small files, which spawn processes or synthesize whole apps, would start
 * last and leave one worker running alone at the end. With timings cached,
 * Jest's own order already starts them first.
 */
const SLOW = [
  'test/gates/validation.test.ts',
  'test/access/access-matrix.test.ts',
  'test/org/cli.test.ts',
  'test/cost/cli.test.ts',
  'test/config/cli.test.ts',
  'test/integrity/validate-logs.test.ts',
];

class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (test) => {
      const index = SLOW.findIndex((suffix) => test.path.endsWith(suffix));
      return index === -1 ? SLOW.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
module.exports.SLOW = SLOW;
