// Unit tests assert templates; CDK's built-in CloudFormation template validator costs
// seconds per test file to start. The gate tests (and any test that asks for it with
// `newApp({}, { templateValidation: true })`) register it explicitly, which this does not affect.
process.env.CDK_VALIDATION = 'false';
