import { pass, type Check } from './check';

/**
 * Trusted access is only ever added by the landing zone, never in conflict: this
 * row tells what is there already and what the Management stack will enable.
 * (Without all features nothing can be enabled; that is the all-features row.)
 */
export const checkTrustedAccess: Check = ({ expectations, organization: org }) => {
  const enabled = new Set(org.trustedServices);
  const present = expectations.trustedServices.filter((s) => enabled.has(s));
  const missing = expectations.trustedServices.filter((s) => !enabled.has(s));
  const short = (services: string[]) => services.map((s) => s.replace(/\.amazonaws\.com$/, '')).join(', ');
  const parts = [`${present.length} of ${expectations.trustedServices.length} already enabled`];
  if (missing.length > 0) parts.push(`the Management stack enables ${short(missing)}`);
  return pass('trusted access', parts.join('; '));
};
