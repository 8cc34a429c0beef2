import { parseConfig } from '../../lib/config/loader';
import { EXAMPLE, exampleWith, expectOneProblem, minimalConfig } from '../support/config-text';

describe('log-archive config: own logs', () => {
  test('a config without the section gives every member account its reader, and no Athena', () => {
    expect(parseConfig(minimalConfig(), 'minimal.yaml').logArchive.ownLogs).toEqual({ enabled: true, athena: false });
  });

  test('the example documents both keys at their defaults', () => {
    expect(parseConfig(EXAMPLE, 'example.yaml').logArchive.ownLogs).toEqual({ enabled: true, athena: false });
  });

  test('Athena can be turned on', () => {
    const config = parseConfig(exampleWith('    athena: false', '    athena: true'), 'athena.yaml');
    expect(config.logArchive.ownLogs).toEqual({ enabled: true, athena: true });
  });

  test('fails when Athena is on without the reader it runs as, naming the key', () => {
    expectOneProblem(
      exampleWith('    enabled: true\n    # SQL', '    enabled: false\n    # SQL').replace(
        '    athena: false',
        '    athena: true',
      ),
      'logArchive.ownLogs.athena',
      'needs ownLogs.enabled',
    );
  });

  test('fails when a switch is not a boolean, naming the key and the value', () => {
    expectOneProblem(
      exampleWith('    athena: false', '    athena: sometimes'),
      'logArchive.ownLogs.athena',
      'sometimes',
    );
  });

  test('fails on an unknown key of the section', () => {
    expectOneProblem(
      exampleWith('    athena: false', '    athena: false\n    workgroup: mine'),
      'logArchive.ownLogs.workgroup',
      'unknown key',
    );
  });
});
