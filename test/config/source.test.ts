import {
  configSource,
  describeSource,
  placeholderKeys,
  placeholderRefusal,
  type ConfigSource,
} from '../../lib/config/source';
import { parseConfig } from '../../lib/config/loader';
import { EXAMPLE, exampleWithEach } from '../support/config-text';

describe('configSource', () => {
  test('a flag wins over LANDING_ZONE_CONFIG, which wins over the example', () => {
    const env = { LANDING_ZONE_CONFIG: 'config/acme.yaml' };
    expect(configSource('config/other.yaml', env)).toEqual({ path: 'config/other.yaml', chosenBy: '-c config' });
    expect(configSource(undefined, env)).toEqual({ path: 'config/acme.yaml', chosenBy: 'LANDING_ZONE_CONFIG' });
    expect(configSource(undefined, {})).toEqual({
      path: 'config/landing-zone.example.yaml',
      chosenBy: 'the default: the example, with placeholder IDs',
    });
    expect(configSource('config/x.yaml', env, '--config').chosenBy).toBe('--config');
  });

  test('an empty LANDING_ZONE_CONFIG, as an unset CI variable arrives, counts as unset', () => {
    expect(configSource(undefined, { LANDING_ZONE_CONFIG: '' }).path).toBe('config/landing-zone.example.yaml');
    expect(configSource('', { LANDING_ZONE_CONFIG: 'config/acme.yaml' }).path).toBe('config/acme.yaml');
  });

  test('is described in one line naming the file and what chose it', () => {
    expect(describeSource({ path: 'config/acme.yaml', chosenBy: 'LANDING_ZONE_CONFIG' })).toBe(
      'Landing zone config: config/acme.yaml (LANDING_ZONE_CONFIG)',
    );
  });
});

describe('placeholder refusal', () => {
  const example = parseConfig(EXAMPLE, 'example.yaml');
  const source: ConfigSource = { path: 'config/acme.yaml', chosenBy: 'LANDING_ZONE_CONFIG' };
  const ownIds: Array<[string, string]> = [
    ['id: o-exampleorg1', 'id: o-a1b2c3d4e5'],
    ["management: '111111111111'", "management: '123456789012'"],
    ["logArchive: '222222222222'", "logArchive: '210987654321'"],
    ["audit: '333333333333'", "audit: '135791357913'"],
  ];
  const real = parseConfig(exampleWithEach(...ownIds), 'acme.yaml');

  test('lets a config with the organization and accounts of its own go ahead', () => {
    expect(placeholderKeys(real, example)).toEqual([]);
    expect(placeholderRefusal(source, real, example)).toBeUndefined();
  });

  test('fails when the example itself is deployed, naming every placeholder in one line', () => {
    expect(placeholderRefusal({ ...source, path: 'config/landing-zone.example.yaml' }, example, example)).toBe(
      "Refusing to deploy config/landing-zone.example.yaml: organization.id, accounts.management, accounts.logArchive, accounts.audit are the example's placeholder; name your organization's config with LANDING_ZONE_CONFIG=PATH or -c config=PATH",
    );
  });

  test('fails when a copy of the example kept one placeholder account', () => {
    const copy = parseConfig(exampleWithEach(...ownIds.slice(0, 3)), 'copy.yaml');
    expect(placeholderRefusal(source, copy, example)).toMatch(
      /^Refusing to deploy config\/acme\.yaml: accounts\.audit is the example's placeholder;/,
    );
  });
});
