import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import { Construct } from 'constructs';

export interface OrganizationAccessAnalyzerProps {
  readonly analyzerName: string;
}

/**
 * An IAM Access Analyzer whose zone of trust is the organization: it reports
 * any resource policy in any account that grants access to a principal outside
 * the organization. It runs in Access Analyzer's delegated administrator account.
 */
export class OrganizationAccessAnalyzer extends Construct {
  readonly analyzer: accessanalyzer.CfnAnalyzer;

  constructor(scope: Construct, id: string, props: OrganizationAccessAnalyzerProps) {
    super(scope, id);
    this.analyzer = new accessanalyzer.CfnAnalyzer(this, 'Resource', {
      analyzerName: props.analyzerName,
      type: 'ORGANIZATION',
    });
  }
}
