import { NAG_OWN_DEPRECATIONS, withoutDeprecationWarnings } from '../lib/validation-plugins';

describe('withoutDeprecationWarnings', () => {
  const deprecation = (id: string) => [
    '[WARNING]',
    `${id} is deprecated, and will be removed in the next major release.`,
  ];

  function warningsDuring(fn: () => void): unknown[][] {
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      withoutDeprecationWarnings(NAG_OWN_DEPRECATIONS, fn);
      return spy.mock.calls;
    } finally {
      spy.mockRestore();
    }
  }

  test("drops the deprecation of cdk-nag's own reads and nothing else", () => {
    const other = deprecation('aws-cdk-lib.aws_lambda.FunctionOptions#logRetention');
    const calls = warningsDuring(() => {
      console.warn(...deprecation('aws-cdk-lib.aws_events.CfnEventBusPolicy#principal'));
      console.warn(...other);
      console.warn('[WARNING]', 'aws-cdk-lib.aws_events.CfnEventBusPolicy#principal changed');
    });
    expect(calls).toEqual([other, ['[WARNING]', 'aws-cdk-lib.aws_events.CfnEventBusPolicy#principal changed']]);
  });

  test('puts console.warn back, also when the run throws', () => {
    const warn = console.warn;
    expect(() =>
      withoutDeprecationWarnings(NAG_OWN_DEPRECATIONS, () => {
        throw new Error('nag failed');
      }),
    ).toThrow('nag failed');
    expect(console.warn).toBe(warn);
  });
});
