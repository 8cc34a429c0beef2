import { z } from 'zod';

/**
 * The CI pipeline's AWS access: which GitHub repository's workflows may deploy
 * the landing zone, and through which environment. The section is optional:
 * without it the app creates no CI roles.
 */

/** GitHub: "Username may only contain alphanumeric characters or single hyphens", at most 39 characters. */
const owner = z
  .string()
  .regex(/^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/, 'must be a GitHub user or organization name, as in its URL');

/** Repository names: letters, digits, '.', '-' and '_', at most 100 characters. */
const repository = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a GitHub repository name (letters, digits, ., - and _), as in its URL');

/** The numeric IDs of immutable subject claims; GitHub shows them as `.owner.id` and `.id` of the repository. */
const numericId = z.number({ error: 'must be a numeric GitHub ID' }).int('must be a numeric GitHub ID').positive();

/**
 * Environment names go into the token's `sub` claim and the role's trust
 * policy verbatim; a name IAM would read as a wildcard or a claim separator
 * (`*`, `?`, `:`) is refused rather than escaped.
 */
const environment = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,254}$/,
    'must be a GitHub environment name of letters, digits, spaces, ., - and _ (at most 255)',
  );

export const ciSchema = z.strictObject({
  github: z.strictObject({
    /** The user or organization that owns the repository. */
    owner,
    /** The repository whose workflows deploy. */
    repository,
    /**
     * The immutable IDs of the owner and the repository. GitHub puts them into
     * the `sub` claim of repositories created or renamed on or after
     * 2026-07-15, and of older ones that opted in; give both exactly then.
     */
    ownerId: numericId.optional(),
    repositoryId: numericId.optional(),
  }),
  /** The GitHub environment whose deployment jobs may assume the deploy role; give it required reviewers. */
  environment: environment.default('production'),
  /**
   * IAM holds one OIDC provider per issuer URL in an account: false when the
   * management account already has GitHub's, which the roles then trust.
   */
  createOidcProvider: z.boolean({ error: 'must be true or false' }).default(true),
});

export type CiConfig = z.infer<typeof ciSchema>;

/** Cross-field rules of the ci section; paths are relative to the config root. */
export function checkCi(ci: CiConfig | undefined, ctx: z.RefinementCtx) {
  if (ci === undefined) return;
  const { ownerId, repositoryId } = ci.github;
  if ((ownerId === undefined) !== (repositoryId === undefined)) {
    const [given, missing] = ownerId === undefined ? ['repositoryId', 'ownerId'] : ['ownerId', 'repositoryId'];
    ctx.addIssue({
      code: 'custom',
      path: ['ci', 'github', missing],
      input: undefined,
      message: `ci.github.${given} is set: an immutable subject claim names both IDs, so set ${missing} too`,
    });
  }
}

/**
 * The repository part of the token's `sub` claim: `repo:OWNER/REPO`, or with
 * immutable IDs `repo:OWNER@OWNER_ID/REPO@REPO_ID`. The rest names what the
 * job runs for: `:environment:NAME` for a job in an environment,
 * `:pull_request` for a pull request's.
 */
export function repositorySubject(github: CiConfig['github']): string {
  const withId = (name: string, id: number | undefined) => (id === undefined ? name : `${name}@${id}`);
  return `repo:${withId(github.owner, github.ownerId)}/${withId(github.repository, github.repositoryId)}`;
}
