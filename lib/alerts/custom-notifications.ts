/**
 * EventBridge input transformers that turn CloudTrail tampering, root
 * sign-in and Inspector finding events into Amazon Q Developer (Chatbot)
 * custom notifications.
 *
 * Chatbot renders findings, compliance changes and Health events natively, but
 * a raw "AWS API Call via CloudTrail" event arrives without the account, region
 * or caller up front. A custom notification (`version: "1.0"`, `source:
 * "custom"`) puts them in the title and text. Only fields every such event
 * carries are used: a missing path would leave a hole in the message.
 */

export interface InputTransformer {
  /** Placeholder name -> JSONPath into the event. */
  readonly inputPathsMap: Readonly<Record<string, string>>;
  /** The message, with `<placeholder>`s; must be JSON once they are filled in. */
  readonly inputTemplate: string;
}

const COMMON_PATHS = {
  eventId: '$.id',
  account: '$.account',
  region: '$.region',
  time: '$.time',
  sourceIp: '$.detail.sourceIPAddress',
};

/** A Chatbot custom notification about a call that stops or removes the trail or event data store. */
export const TRAIL_TAMPERING_NOTIFICATION: InputTransformer = {
  inputPathsMap: { ...COMMON_PATHS, eventName: '$.detail.eventName', caller: '$.detail.userIdentity.arn' },
  inputTemplate: template({
    id: '<eventId>',
    title: ':rotating_light: CloudTrail tampering: <eventName> in account <account>',
    description:
      '*<eventName>* was called in account <account>, region <region>, at <time> by `<caller>` from <sourceIp>. It stops or removes the evidence of the organization trail or the event data store, unless CloudTrail denied it.',
    nextSteps: [
      'Check in CloudTrail (account <account>, <region>) whether the call succeeded and that logging is on',
      'Ask whoever holds `<caller>` whether the change was approved',
    ],
    eventType: 'CloudTrailTampering',
    summary: 'CloudTrail <eventName> in <account>',
  }),
};

/** A Chatbot custom notification about a console sign-in as the root user. */
export const ROOT_SIGN_IN_NOTIFICATION: InputTransformer = {
  inputPathsMap: {
    ...COMMON_PATHS,
    result: '$.detail.responseElements.ConsoleLogin',
    mfaUsed: '$.detail.additionalEventData.MFAUsed',
  },
  inputTemplate: template({
    id: '<eventId>',
    title: ':rotating_light: Root user sign-in (<result>) in account <account>',
    description:
      'Someone signed in to the console as the root user of account <account> at <time> from <sourceIp> (region <region>). Result: *<result>*; MFA used: *<mfaUsed>*.',
    nextSteps: [
      'Confirm with the root credential owners that this sign-in was planned',
      'If it was not, reset the root password and MFA of account <account> now',
    ],
    eventType: 'RootSignIn',
    summary: 'Root sign-in (<result>) in <account>',
  }),
};

/**
 * A Chatbot custom notification about an Amazon Inspector finding, from the
 * fields every "Inspector2 Finding" carries (AWS's EC2, ECR, Lambda and
 * Lambda code samples alike); the long description is left to the console.
 */
export const INSPECTOR_FINDING_NOTIFICATION: InputTransformer = {
  inputPathsMap: {
    eventId: '$.id',
    region: '$.region',
    account: '$.detail.awsAccountId',
    severity: '$.detail.severity',
    title: '$.detail.title',
    findingType: '$.detail.type',
    findingArn: '$.detail.findingArn',
  },
  inputTemplate: template({
    id: '<eventId>',
    title: ':mag: Inspector <severity>: <title> in account <account>',
    description:
      'Amazon Inspector found a *<severity>* <findingType> in account <account>, region <region>: <title>. Finding `<findingArn>`.',
    nextSteps: [
      "Open the finding in the audit account's Inspector console (region <region>) for the affected resource and the fix",
      'Patch or rebuild the resource, or suppress the finding with a reason if the risk is accepted',
    ],
    eventType: 'InspectorFinding',
    summary: 'Inspector <severity> in <account>',
  }),
};

interface NotificationText {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly nextSteps: readonly string[];
  readonly eventType: string;
  readonly summary: string;
}

/** The custom-notification schema of Amazon Q Developer in chat applications. */
function template(text: NotificationText): string {
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    id: text.id,
    content: {
      textType: 'client-markdown',
      title: text.title,
      description: text.description,
      nextSteps: text.nextSteps,
    },
    metadata: {
      eventType: text.eventType,
      summary: text.summary,
      additionalContext: { account: '<account>', region: '<region>' },
    },
  });
}
