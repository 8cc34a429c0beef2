import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';

// The baseline: `cdk init app` with one inert resource (the validator rejects a stack with
// none), through the same CLI and cdk.json as the landing zone.
const app = new App();
const stack = new Stack(app, 'Empty', { env: { account: '111111111111', region: 'eu-west-1' } });
new CfnWaitConditionHandle(stack, 'Nothing');
app.synth();
