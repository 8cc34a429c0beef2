import type { LandingZoneSummary } from '../snapshot';
import { pass, warn, type Check, type CheckResult, type PreflightInput } from './check';

export const CONTROL_TOWER_PRINCIPAL = 'controltower.amazonaws.com';
export const CONTROL_TOWER_TRAIL = 'aws-controltower-BaselineCloudTrail';
export const CONTROL_TOWER_RECORDER = 'aws-controltower-BaselineConfigRecorder';

const SWITCH = 'audit.controlTower.configRecording';
const CHECK = 'Control Tower';
const DOUBLED = `Its trail and the landing zone's both log every management event (the second copy is billed).`;

/**
 * Control Tower can own an organization trail and the Config recorders of
 * enrolled accounts. Its landing zone (GetLandingZone) says which: since
 * landing zone 4.0 both are optional, and Config integration runs a
 * service-linked aggregator. Without a readable landing zone, the row falls
 * back to signs (trusted access, trail, recorder), which can be leftovers of a
 * decommissioned landing zone: a warning, never a blocker. A sign preflight
 * could not read never turns into a pass.
 */
export const checkControlTower: Check = (input): CheckResult => {
  const landingZone = input.callerAccount.landingZone;
  if (landingZone && 'value' in landingZone.found && landingZone.found.value) {
    return fromLandingZone(input, landingZone.found.value);
  }
  return fromSigns(input);
};

function fromLandingZone(input: PreflightInput, zone: LandingZoneSummary): CheckResult {
  const { config, configPath } = input;
  const handedOver = config.audit.controlTower.configRecording;
  const newer =
    zone.latestAvailableVersion && zone.latestAvailableVersion !== zone.version
      ? ` (${zone.latestAvailableVersion} available)`
      : '';
  const state = [zone.status, zone.driftStatus].filter(Boolean).join(', ');
  const found = [
    `landing zone ${zone.version}${newer}${state ? `, ${state}` : ''} (${zone.arn})`,
    zone.managesTrail ? 'runs its own organization trail' : 'no trail of its own',
    zone.managesConfig ? 'manages AWS Config' : 'AWS Config integration off',
  ].join('; ');
  const doubled = zone.managesTrail ? ` ${DOUBLED}` : '';
  if (zone.managesConfig === handedOver) {
    const why = handedOver
      ? `${SWITCH} is true: Config recording stays with Control Tower.`
      : `${SWITCH} is false: the landing zone's recorder StackSet records Config.`;
    return pass(CHECK, `${found}. ${why}${doubled}`);
  }
  return warn(
    CHECK,
    found,
    zone.managesConfig
      ? `set ${SWITCH}: true in ${configPath}: Control Tower records in enrolled accounts, and the landing zone's recorder StackSet would fail there (one customer-managed recorder per account and region).${doubled}`
      : `set ${SWITCH}: false in ${configPath}: this landing zone runs without Control Tower's Config integration, so with the switch on no one records Config in member accounts.${doubled}`,
  );
}

function fromSigns(input: PreflightInput): CheckResult {
  const { organization: org, callerAccount: caller, config, configPath } = input;
  const signs: string[] = [];
  if (org.trustedServices.includes(CONTROL_TOWER_PRINCIPAL))
    signs.push(`trusted access for ${CONTROL_TOWER_PRINCIPAL}`);
  const trail = 'value' in caller.trails && caller.trails.value.some((t) => t.name === CONTROL_TOWER_TRAIL);
  if (trail) signs.push(`trail ${CONTROL_TOWER_TRAIL}`);
  const recorderRegions = caller.recorders
    .filter((r) => 'value' in r.recorders && r.recorders.value.some((x) => x.name === CONTROL_TOWER_RECORDER))
    .map((r) => r.region);
  if (recorderRegions.length > 0) signs.push(`recorder ${CONTROL_TOWER_RECORDER} in ${recorderRegions.join(', ')}`);
  const landingZone = caller.landingZone;
  if (landingZone && 'value' in landingZone.found) {
    signs.push(`no landing zone in ${landingZone.regions.join(', ')}`);
  }

  const failed = [
    ...('error' in caller.trails ? [{ what: 'trails', ...caller.trails, action: 'cloudtrail:DescribeTrails' }] : []),
    ...caller.recorders.flatMap((r) =>
      'error' in r.recorders
        ? [{ what: `recorders in ${r.region}`, ...r.recorders, action: 'config:DescribeConfigurationRecorders' }]
        : [],
    ),
    ...(landingZone && 'error' in landingZone.found
      ? [
          {
            what: 'the landing zone',
            ...landingZone.found,
            action: 'controltower:ListLandingZones and controltower:GetLandingZone',
          },
        ]
      : []),
  ];
  if (failed.length > 0) {
    const denied = [...new Set(failed.filter((f) => f.kind === 'denied').map((f) => f.action))];
    const seen = signs.length > 0 ? `${signs.join('; ')}; ` : '';
    return {
      check: CHECK,
      status: 'warn',
      detail: `not checked: ${seen}${failed.map((f) => `${f.what} not read: ${f.error}`).join('; ')}`,
      ...(denied.length > 0 ? { fix: `allow ${denied.join(', ')} for these credentials and rerun` } : {}),
      unchecked: true,
    };
  }

  const handedOver = config.audit.controlTower.configRecording;
  const present = signs.filter((s) => !s.startsWith('no landing zone'));
  if (present.length === 0) {
    return handedOver
      ? warn(
          CHECK,
          `${SWITCH} is true, but there is no sign of Control Tower: no recorder StackSet is deployed, so member accounts may record nothing`,
          `set ${SWITCH}: false in ${configPath}, unless another tool records in every member account`,
        )
      : pass(CHECK, `not in use: no trusted access for ${CONTROL_TOWER_PRINCIPAL}, no Control Tower trail or recorder`);
  }
  const found = `Control Tower manages this organization: ${signs.join('; ')}`;
  // The trail cannot be handed over in the config: say what doubles, so the choice is informed.
  const doubled = trail ? ` ${DOUBLED}` : '';
  if (handedOver) {
    return pass(CHECK, `${found}. ${SWITCH} is true: Config recording stays with Control Tower.${doubled}`);
  }
  return warn(
    CHECK,
    found,
    `set ${SWITCH}: true in ${configPath}: Control Tower records in enrolled accounts, and the landing zone's recorder StackSet would fail there (one customer-managed recorder per account and region).${doubled}`,
  );
}
