import * as path from 'node:path';

/** The repository's root. Tests that read files and need no CDK import this, not ./app, which loads aws-cdk-lib. */
export const ROOT = path.resolve(__dirname, '../..');
