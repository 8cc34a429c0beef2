import { pass, warn, type Check } from './check';

export const CONTROL_TOWER_PRINCIPAL = 'controltower.amazonaws.com';
export const CONTROL_TOWER_TRAIL = 'aws-controltower-BaselineCloudTrail';
export const CONTROL_TOWER_RECORDER = 'aws-controltower-BaselineConfigRecorder';

const SWITCH = 'audit.controlTower.configRecording';

/**
 * Control Tower owns an organization trail and the Config recorders of enrolled
 * accounts. The config's switch hands Config recording to it; the trail has no
 * switch, so the row says what doubles. Signs of Control Tower can be leftovers
 * of a decommissioned landing zone: a warning, never a blocker.
 */
export const checkControlTower: Check = ({ organization: org, callerAccount: caller, config, configPath }) => {
  const signs: string[] = [];
  if (org.trustedServices.includes(CONTROL_TOWER_PRINCIPAL))
    signs.push(`trusted access for ${CONTROL_TOWER_PRINCIPAL}`);
  const trail = 'value' in caller.trails && caller.trails.value.some((t) => t.name === CONTROL_TOWER_TRAIL);
  if (trail) signs.push(`trail ${CONTROL_TOWER_TRAIL}`);
  const recorderRegions = caller.recorders
    .filter((r) => 'value' in r.recorders && r.recorders.value.some((x) => x.name === CONTROL_TOWER_RECORDER))
    .map((r) => r.region);
  if (recorderRegions.length > 0) signs.push(`recorder ${CONTROL_TOWER_RECORDER} in ${recorderRegions.join(', ')}`);
  const handedOver = config.audit.controlTower.configRecording;

  if (signs.length === 0) {
    return handedOver
      ? warn(
          'Control Tower',
          `${SWITCH} is true, but there is no sign of Control Tower: no recorder StackSet is deployed, so member accounts may record nothing`,
          `set ${SWITCH}: false in ${configPath}, unless another tool records in every member account`,
        )
      : pass(
          'Control Tower',
          `not in use: no trusted access for ${CONTROL_TOWER_PRINCIPAL}, no Control Tower trail or recorder`,
        );
  }
  const found = `Control Tower manages this organization: ${signs.join('; ')}`;
  // The trail cannot be handed over in the config: say what doubles, so the choice is informed.
  const doubled = trail
    ? ` Its trail and the landing zone's both log every management event (the second copy is billed).`
    : '';
  if (handedOver) {
    return pass('Control Tower', `${found}. ${SWITCH} is true: Config recording stays with Control Tower.${doubled}`);
  }
  return warn(
    'Control Tower',
    found,
    `set ${SWITCH}: true in ${configPath}: Control Tower records in enrolled accounts, and the landing zone's recorder StackSet would fail there (one customer-managed recorder per account and region).${doubled}`,
  );
};
