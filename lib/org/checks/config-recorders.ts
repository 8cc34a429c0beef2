import { callerIsManagement, pass, warn, type Check } from './check';
import { CONTROL_TOWER_RECORDER } from './control-tower';

const SCOPE = 'member accounts not checked: preflight reads only its own account';
const MEMBER_ACCOUNTS =
  'For member accounts, ask a Config aggregator, or run `aws configservice describe-configuration-recorders` in each account and governed region';

/**
 * AWS Config holds one customer-managed recorder per account and region, and
 * the landing zone's recorder StackSet fails where one exists. Service-managed
 * StackSets never deploy to the management account, so recorders there do not
 * clash. Preflight only sees the credentials' own account: it assumes no roles
 * in member accounts, and says so instead of passing for them.
 */
export const checkConfigRecorders: Check = (input) => {
  const { callerAccount: caller, config } = input;
  const check = 'Config recorders';
  const account = 'value' in caller.identity ? caller.identity.value.accountId : 'the credentials account';
  const unreadable = caller.recorders.filter((r) => 'error' in r.recorders);
  // Service-linked recorders (servicePrincipal set) do not take the customer-managed slot.
  const found = caller.recorders.flatMap((r) =>
    'value' in r.recorders
      ? r.recorders.value.filter((x) => !x.servicePrincipal).map((x) => ({ region: r.region, name: x.name }))
      : [],
  );
  const regions = caller.recorders.map((r) => r.region).join(', ');
  if (found.length === 0 && unreadable.length === 0) return pass(check, `none in ${account} (${regions}); ${SCOPE}`);
  const details = [
    ...(found.length > 0 ? [`present in ${account}: ${found.map((f) => `${f.name} (${f.region})`).join(', ')}`] : []),
    ...unreadable.map((r) => `${r.region} not checked: ${'error' in r.recorders ? r.recorders.error : ''}`),
  ];
  if (unreadable.length === 0) {
    if (config.audit.controlTower.configRecording) {
      return pass(
        check,
        `${details.join('; ')}; audit.controlTower.configRecording is true: the landing zone creates no recorders`,
      );
    }
    if (callerIsManagement(input)) {
      return pass(
        check,
        `${details.join('; ')}: no clash, the recorder StackSet skips the management account; ${SCOPE}`,
      );
    }
  }
  if (found.some((f) => f.name === CONTROL_TOWER_RECORDER)) {
    return warn(
      check,
      [...details, SCOPE].join('; '),
      `these are Control Tower's; see the Control Tower row.\n${MEMBER_ACCOUNTS}`,
    );
  }
  return warn(
    check,
    [...details, SCOPE].join('; '),
    [
      `the landing zone's recorder StackSet fails in a region that already has a recorder: delete it, or hand recording to the tool that owns it:`,
      ...found.map(
        (f) =>
          `$ aws configservice delete-configuration-recorder --configuration-recorder-name ${f.name} --region ${f.region}`,
      ),
      MEMBER_ACCOUNTS,
    ].join('\n'),
  );
};
