import { repositorySubject } from '../../lib/config/ci';
import { parseConfig } from '../../lib/config/loader';
import { EXAMPLE, exampleWith, expectOneProblem, minimalConfig } from '../support/config-text';

describe('ci config', () => {
  test('is optional: without the section there are no CI roles to configure', () => {
    expect(parseConfig(minimalConfig(), 'minimal.yaml').ci).toBeUndefined();
  });

  test('the example names a repository; the environment and the OIDC provider take their defaults', () => {
    const text = `${minimalConfig()}\nci:\n  github: { owner: example-org, repository: landing-zone }\n`;
    expect(parseConfig(text, 'ci.yaml').ci).toEqual({
      github: { owner: 'example-org', repository: 'landing-zone' },
      environment: 'production',
      createOidcProvider: true,
    });
    expect(parseConfig(EXAMPLE, 'example.yaml').ci).toEqual(parseConfig(text, 'ci.yaml').ci);
  });

  test('the subject names the repository, with both immutable IDs when they are given', () => {
    expect(repositorySubject({ owner: 'Octo-Org', repository: 'lz.infra_1' })).toBe('repo:Octo-Org/lz.infra_1');
    expect(repositorySubject({ owner: 'octo', repository: 'lz', ownerId: 123456, repositoryId: 789012 })).toBe(
      'repo:octo@123456/lz@789012',
    );
  });

  test('accepts both immutable IDs, an environment with spaces, and an existing provider', () => {
    const text = exampleWith(
      '    # ownerId: 123456\n    # repositoryId: 789012\n  # The GitHub environment of the deploy job; give it required reviewers and restrict it to main.\n  environment: production',
      '    ownerId: 123456\n    repositoryId: 789012\n  environment: Production EU\n  # keep',
    );
    const ci = parseConfig(text.replace('createOidcProvider: true', 'createOidcProvider: false'), 'ok.yaml').ci!;
    expect(ci).toMatchObject({ environment: 'Production EU', createOidcProvider: false });
    expect(ci.github).toMatchObject({ ownerId: 123456, repositoryId: 789012 });
  });

  // Each case: [name, broken config, key path the message must name, text the message must show]
  const cases: Array<[string, string, string, string]> = [
    [
      'an owner with a slash (owner/repo in one key)',
      exampleWith('owner: example-org', 'owner: example-org/landing-zone'),
      'ci.github.owner',
      'must be a GitHub user or organization name',
    ],
    [
      'an owner starting with a hyphen',
      exampleWith('owner: example-org', 'owner: -example'),
      'ci.github.owner',
      '"-example"',
    ],
    [
      'a repository given as a URL',
      exampleWith('repository: landing-zone', 'repository: https://github.com/example-org/landing-zone'),
      'ci.github.repository',
      'must be a GitHub repository name',
    ],
    [
      'an environment with a wildcard',
      exampleWith('  environment: production', '  environment: prod*'),
      'ci.environment',
      'must be a GitHub environment name',
    ],
    [
      'an environment with a claim separator',
      exampleWith('  environment: production', "  environment: 'prod:eu'"),
      'ci.environment',
      '"prod:eu"',
    ],
    [
      'an owner ID given as text',
      exampleWith('    # ownerId: 123456\n    # repositoryId: 789012', "    ownerId: 'octo'\n    repositoryId: 789012"),
      'ci.github.ownerId',
      'must be a numeric GitHub ID',
    ],
    [
      'only the repository ID',
      exampleWith('    # repositoryId: 789012', '    repositoryId: 789012'),
      'ci.github.ownerId',
      'ci.github.repositoryId is set: an immutable subject claim names both IDs, so set ownerId too',
    ],
    [
      'only the owner ID',
      exampleWith('    # ownerId: 123456', '    ownerId: 123456'),
      'ci.github.repositoryId',
      'so set repositoryId too',
    ],
    [
      'a misspelled key',
      exampleWith('  createOidcProvider: true', '  createOidcProviders: true'),
      'ci.createOidcProviders',
      'unknown key',
    ],
    ['no repository', exampleWith('    repository: landing-zone\n', ''), 'ci.github.repository', 'is required'],
  ];

  test.each(cases)('fails when given %s, with one line naming the key', (_name, text, key, shown) => {
    expectOneProblem(text, key, shown);
  });
});
