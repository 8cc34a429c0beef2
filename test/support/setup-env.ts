// Unit tests assert templates; CDK's built-in CloudFormation template validator costs
// seconds per test file to start. The gate tests (and any test that asks for it with
// `newApp({}, { templateValidation: true })`) register it explicitly, which this does not affect.
process.env.CDK_VALIDATION = 'false';

// A developer's shell may name their organization's config; the tests read the example unless they say otherwise.
delete process.env.LANDING_ZONE_CONFIG;

// The suite runs on Node 20 on purpose (package.json engines), where the AWS SDK warns once per process that
// its releases after January 2027 need Node 22: true, and known, so not repeated by every test that makes a client.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
