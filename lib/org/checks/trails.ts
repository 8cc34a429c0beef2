import { notChecked, pass, warn, type Check } from './check';
import { CONTROL_TOWER_TRAIL } from './control-tower';

/** Another organization trail is not an error, but each extra copy of management events is billed. */
export const checkOrganizationTrails: Check = ({ expectations, callerAccount: caller }) => {
  if ('error' in caller.trails) return notChecked('organization trails', caller.trails, 'cloudtrail:DescribeTrails');
  const orgTrails = caller.trails.value.filter((t) => t.isOrganizationTrail);
  const ours = orgTrails.filter((t) => t.name === expectations.trailName);
  // Control Tower's own trail has its own row.
  const others = orgTrails.filter((t) => t.name !== expectations.trailName && t.name !== CONTROL_TOWER_TRAIL);
  if (others.length === 0) {
    return pass(
      'organization trails',
      ours.length > 0
        ? `only the landing zone's own ${expectations.trailName}`
        : 'none besides the one the landing zone creates',
    );
  }
  const names = others.map((t) => `${t.name} (${t.homeRegion})`).join(', ');
  return warn(
    'organization trails',
    `already logging the organization: ${names}; the landing zone adds ${expectations.trailName}, a second paid copy of every management event`,
    [
      `keep both knowingly, or once ${expectations.trailName} delivers, remove the old one:`,
      ...others.map((t) => `$ aws cloudtrail delete-trail --name ${t.arn || t.name} --region ${t.homeRegion}`),
    ].join('\n'),
  );
};
