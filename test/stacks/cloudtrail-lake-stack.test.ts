import { Stack } from 'aws-cdk-lib';
import { buildLandingZone } from '../../lib/landing-zone';
import { configWith, newApp, synthLandingZone } from '../support/app';

describe('CloudTrailLake stack', () => {
  const { stacks, template } = synthLandingZone();
  const lake = stacks.cloudTrailLake!;

  test('lives in the management account and home region, after Management, with termination protection', () => {
    expect(lake.account).toBe('111111111111');
    expect(lake.region).toBe('eu-west-1');
    expect(lake.terminationProtection).toBe(true);
    expect(lake.dependencies).toEqual([stacks.management]);
  });

  test('creates the organization event data store the example enables', () => {
    template('cloudTrailLake').hasResourceProperties('AWS::CloudTrail::EventDataStore', {
      Name: 'lz-organization-events',
      BillingMode: 'EXTENDABLE_RETENTION_PRICING',
      RetentionPeriod: 366,
      OrganizationEnabled: true,
      MultiRegionEnabled: true,
    });
  });

  test('is what a refusal of the store rolls back: no other stack depends on it, and it is built last', () => {
    // The CLI deploys stacks in dependency order, and in the order they were built where none is given.
    const others = lake.node.root.node.children.filter((c): c is Stack => Stack.isStack(c) && c !== lake);
    expect(others.filter((s) => s.dependencies.includes(lake)).map((s) => s.stackName)).toEqual([]);
    const built = lake.node.root.node.children.filter((c) => Stack.isStack(c)).map((s) => s.node.id);
    expect(built.at(-1)).toBe('CloudTrailLake');
  });

  test('is not built when the config switches Lake off', () => {
    const config = configWith((raw) => {
      raw.management.cloudTrailLake.enabled = false;
    });
    expect(buildLandingZone(newApp(), config, { nag: false }).cloudTrailLake).toBeUndefined();
  });

  test('matches the snapshot', () => {
    expect(template('cloudTrailLake').toJSON()).toMatchSnapshot();
  });
});
