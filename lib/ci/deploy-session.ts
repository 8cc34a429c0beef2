/**
 * How long a CI deploy session may last, in seconds: the deploy role's
 * MaxSessionDuration and the deploy workflow's `role-duration-seconds`. A
 * first deploy of a large organization runs StackSets to every account, and
 * the CLI refreshes its sessions of the bootstrap roles only while this one
 * lasts (configure-aws-credentials defaults to one hour, and allows up to 12).
 */
export const CI_DEPLOY_SESSION_SECONDS = 4 * 60 * 60;
