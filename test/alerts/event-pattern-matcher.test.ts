import {
  InvalidEventPatternError,
  matchesEventPattern,
  validateEventPattern,
  type EventPattern,
} from '../../lib/alerts/event-pattern-matcher';

/** The EC2 state-change event the EventBridge user guide uses for its examples. */
const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    price: 100.0,
    sourceIPAddress: '10.0.0.123',
    ipv6: '2001:db8::1',
    empty: '',
    nothing: null,
    flag: true,
    tags: ['prod', 'payments'],
    noTags: [],
    fileName: 'reports/2024/summary.PNG',
    findings: [
      { Severity: { Label: 'LOW' }, ProductName: 'Inspector' },
      { Severity: { Label: 'CRITICAL' }, ProductName: 'GuardDuty' },
    ],
  },
};

function matches(pattern: EventPattern, event: unknown = EC2_EVENT): boolean {
  return matchesEventPattern(pattern, event);
}

describe('EventBridge pattern matcher', () => {
  describe('structure', () => {
    test('every field in the pattern must match; fields it omits are ignored', () => {
      expect(matches({ source: ['aws.ec2'], detail: { state: ['terminated'] } })).toBe(true);
      expect(matches({ source: ['aws.ec2'], detail: { state: ['running'] } })).toBe(false);
    });

    test('any value in a leaf array may match (OR)', () => {
      expect(matches({ detail: { state: ['pending', 'terminated'] } })).toBe(true);
    });

    test('an array in the event matches when it intersects the pattern', () => {
      expect(matches({ detail: { tags: ['payments'] } })).toBe(true);
      expect(matches({ detail: { tags: ['dev'] } })).toBe(false);
      expect(matches({ resources: [{ prefix: 'arn:aws:ec2:us-west-1:' }] })).toBe(true);
    });

    test('an array of objects contributes the values of all its elements', () => {
      expect(matches({ detail: { findings: { Severity: { Label: ['CRITICAL'] } } } })).toBe(true);
      expect(matches({ detail: { findings: { Severity: { Label: ['HIGH'] } } } })).toBe(false);
    });

    test('a nested pattern does not match a leaf, and a leaf pattern does not match an object', () => {
      expect(matches({ detail: { state: { name: ['terminated'] } } })).toBe(false);
      expect(matches({ detail: ['terminated'] })).toBe(false);
    });

    test('a missing field matches nothing but exists: false', () => {
      expect(matches({ detail: { missing: ['x'] } })).toBe(false);
      expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
      expect(matches({ nowhere: { deeper: [{ exists: false }] } })).toBe(true);
    });

    test('an event that is not an object matches nothing', () => {
      expect(matches({ source: ['aws.ec2'] }, 'aws.ec2')).toBe(false);
      expect(matches({ source: ['aws.ec2'] }, [EC2_EVENT])).toBe(false);
    });
  });

  describe('literal values', () => {
    test('strings match exactly and by case', () => {
      expect(matches({ detail: { state: ['Terminated'] } })).toBe(false);
    });

    test('numbers match numerically, never a string of digits', () => {
      expect(matches({ detail: { price: [100] } })).toBe(true);
      expect(matches({ detail: { 'c-count': ['5'] } })).toBe(false);
      expect(matches({ detail: { state: [5] } })).toBe(false);
    });

    test('null and the empty string are values of their own', () => {
      expect(matches({ detail: { nothing: [null] } })).toBe(true);
      expect(matches({ detail: { empty: [''] } })).toBe(true);
      expect(matches({ detail: { empty: [null] } })).toBe(false);
      expect(matches({ detail: { nothing: [''] } })).toBe(false);
    });

    test('booleans match booleans only', () => {
      expect(matches({ detail: { flag: [true] } })).toBe(true);
      expect(matches({ detail: { flag: ['true'] } })).toBe(false);
    });
  });

  describe('string matchers', () => {
    test('prefix, with and without case', () => {
      expect(matches({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
      expect(matches({ time: [{ prefix: '2018' }] })).toBe(false);
      expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.E' } }] })).toBe(true);
      expect(matches({ detail: { price: [{ prefix: '1' }] } })).toBe(false);
    });

    test('suffix, with and without case', () => {
      expect(matches({ detail: { fileName: [{ suffix: '.PNG' }] } })).toBe(true);
      expect(matches({ detail: { fileName: [{ suffix: '.png' }] } })).toBe(false);
      expect(matches({ detail: { fileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } })).toBe(true);
    });

    test('equals-ignore-case', () => {
      expect(matches({ detail: { state: [{ 'equals-ignore-case': 'TERMINATED' }] } })).toBe(true);
      expect(matches({ detail: { state: [{ 'equals-ignore-case': 'running' }] } })).toBe(false);
    });

    test('wildcard, with escaped asterisks', () => {
      expect(matches({ detail: { fileName: [{ wildcard: 'reports/*/summary.*' }] } })).toBe(true);
      expect(matches({ detail: { fileName: [{ wildcard: 'reports/*.txt' }] } })).toBe(false);
      expect(matches({ detail: { state: [{ wildcard: 'term\\*' }] } })).toBe(false);
      expect(matches({ detail: { starred: [{ wildcard: 'a\\*b' }] } }, { detail: { starred: 'a*b' } })).toBe(true);
    });
  });

  describe('anything-but', () => {
    test('a value or a list of values', () => {
      expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
      expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } })).toBe(false);
      expect(matches({ detail: { 'c-count': [{ 'anything-but': [100, 200] }] } })).toBe(true);
      expect(matches({ detail: { 'c-count': [{ 'anything-but': 5 }] } })).toBe(false);
    });

    test('prefix, suffix, ignore-case and wildcard forms', () => {
      expect(matches({ region: [{ 'anything-but': { prefix: 'us-' } }] })).toBe(false);
      expect(matches({ region: [{ 'anything-but': { prefix: 'eu-' } }] })).toBe(true);
      expect(matches({ detail: { fileName: [{ 'anything-but': { suffix: '.PNG' } }] } })).toBe(false);
      expect(matches({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] } })).toBe(
        false,
      );
      expect(matches({ detail: { fileName: [{ 'anything-but': { wildcard: '*/2024/*' } }] } })).toBe(false);
    });

    test('on an array, matches when some value is outside the excluded set', () => {
      expect(matches({ detail: { findings: { ProductName: [{ 'anything-but': 'GuardDuty' }] } } })).toBe(true);
      expect(matches({ detail: { findings: { ProductName: [{ 'anything-but': ['GuardDuty', 'Inspector'] }] } } })).toBe(
        false,
      );
    });
  });

  describe('numeric', () => {
    test('ranges and equality on numbers', () => {
      expect(matches({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
      expect(matches({ detail: { 'c-count': [{ numeric: ['>', 5] }] } })).toBe(false);
      expect(matches({ detail: { 'c-count': [{ numeric: ['>=', 5] }] } })).toBe(true);
      expect(matches({ detail: { 'd-count': [{ numeric: ['<', 10] }] } })).toBe(true);
      expect(matches({ detail: { price: [{ numeric: ['=', 100] }] } })).toBe(true);
    });

    test('never matches a string, even one of digits', () => {
      expect(matches({ detail: { n: [{ numeric: ['>', 1] }] } }, { detail: { n: '8' } })).toBe(false);
    });
  });

  describe('exists', () => {
    test('true needs a leaf value; false needs none', () => {
      expect(matches({ detail: { state: [{ exists: true }] } })).toBe(true);
      expect(matches({ detail: { nothing: [{ exists: true }] } })).toBe(true);
      expect(matches({ detail: { missing: [{ exists: true }] } })).toBe(false);
      expect(matches({ detail: { missing: [{ exists: false }] } })).toBe(true);
      expect(matches({ detail: { state: [{ exists: false }] } })).toBe(false);
    });

    test('an empty array or an object is not an existing leaf', () => {
      expect(matches({ detail: { noTags: [{ exists: true }] } })).toBe(false);
      expect(matches({ detail: { noTags: [{ exists: false }] } })).toBe(true);
      expect(matches({ detail: [{ exists: true }] })).toBe(false);
    });
  });

  describe('cidr', () => {
    test('IPv4 and IPv6 blocks', () => {
      expect(matches({ detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } })).toBe(true);
      expect(matches({ detail: { sourceIPAddress: [{ cidr: '10.0.1.0/24' }] } })).toBe(false);
      expect(matches({ detail: { ipv6: [{ cidr: '2001:db8::/32' }] } })).toBe(true);
      expect(matches({ detail: { ipv6: [{ cidr: '10.0.0.0/8' }] } })).toBe(false);
      expect(matches({ detail: { state: [{ cidr: '10.0.0.0/8' }] } })).toBe(false);
    });
  });

  describe('$or', () => {
    test('one of the sub-patterns must match, together with the fields beside it', () => {
      const pattern = {
        source: ['aws.ec2'],
        $or: [{ detail: { state: ['running'] } }, { detail: { 'c-count': [{ numeric: ['>', 1] }] } }],
      };
      expect(matches(pattern)).toBe(true);
      expect(matches({ ...pattern, source: ['aws.s3'] })).toBe(false);
      expect(matches({ $or: [{ detail: { state: ['running'] } }, { region: ['eu-west-1'] }] })).toBe(false);
    });
  });

  describe('validation', () => {
    const invalid: Array<[string, unknown, RegExp]> = [
      ['an empty pattern', {}, /non-empty JSON object/],
      ['a pattern that is an array', [{ source: ['aws.ec2'] }], /non-empty JSON object/],
      ['a bare value instead of an array', { source: 'aws.ec2' }, /source must be an array/],
      ['an empty array', { source: [] }, /source must list at least one/],
      ['an empty nested object', { detail: {} }, /detail must not be an empty object/],
      ['an unknown matcher', { source: [{ startsWith: 'aws' }] }, /unknown matcher startsWith/],
      ['a matcher with two operators', { source: [{ prefix: 'a', suffix: 'b' }] }, /exactly one operator/],
      ['a numeric range upside down', { n: [{ numeric: ['>', 9, '<', 1] }] }, /lower bound below/],
      ['two lower bounds', { n: [{ numeric: ['>', 1, '>=', 2] }] }, /numeric needs/],
      ['a numeric string operand', { n: [{ numeric: ['>', '1'] }] }, /numbers within/],
      ['a numeric operand out of range', { n: [{ numeric: ['>', 6e9] }] }, /numbers within/],
      ['a mixed anything-but list', { n: [{ 'anything-but': ['a', 1] }] }, /only strings or only numbers/],
      ['an anything-but prefix list', { n: [{ 'anything-but': { prefix: ['a'] } }] }, /anything-but needs/],
      ['a wildcard with consecutive asterisks', { n: [{ wildcard: 'a**' }] }, /consecutive asterisks/],
      ['a malformed CIDR block', { ip: [{ cidr: '10.0.0.0/33' }] }, /CIDR block/],
      ['exists with a string', { n: [{ exists: 'yes' }] }, /true or false/],
      ['an $or with one branch', { $or: [{ source: ['a'] }] }, /at least two/],
      ['a nested error, by path', { detail: { findings: { Severity: [] } } }, /detail\.findings\.Severity/],
    ];

    test.each(invalid)('fails when given %s', (_name, pattern, message) => {
      expect(() => validateEventPattern(pattern)).toThrow(InvalidEventPatternError);
      expect(() => validateEventPattern(pattern)).toThrow(message);
    });

    test('matching validates the pattern first', () => {
      expect(() => matchesEventPattern({ source: 'aws.ec2' }, EC2_EVENT)).toThrow(InvalidEventPatternError);
    });

    test('accepts every documented matcher form', () => {
      expect(() =>
        validateEventPattern({
          a: ['x', 1, true, null, ''],
          b: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { suffix: 'x' }, { wildcard: 'x*y' }],
          c: [{ 'equals-ignore-case': 'x' }, { exists: false }, { cidr: '2001:db8::/32' }, { numeric: ['=', 3] }],
          d: [{ 'anything-but': { 'equals-ignore-case': ['x', 'y'] } }, { 'anything-but': { wildcard: '*x' } }],
          $or: [{ e: [{ numeric: ['>=', 0, '<', 10] }] }, { f: [{ 'anything-but': [1, 2] }] }],
        }),
      ).not.toThrow();
    });
  });
});
