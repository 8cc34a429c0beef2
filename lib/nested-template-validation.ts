import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
  type PolicyValidationStack,
} from 'aws-cdk-lib';

/** A template a stack carries for another deployment, with where it is deployed. */
interface NestedTemplate {
  /** `<stack>/<logical ID>[/<logical ID>...]` of the resource that carries it. */
  readonly carrier: string;
  readonly body: string;
  readonly accountId: string | undefined;
  readonly regions: readonly string[];
}

/**
 * CDK's CloudFormation template validator over the stacks' templates and
 * over every template they carry: each StackSet's template in every region
 * it deploys to, and each organization conformance pack's template, also
 * where a StackSet carries the pack. Synthesis validates only the stacks'
 * own templates, yet a StackSet's template fails in a member account, long
 * after the deploy that shipped it, and a resource type a region lacks fails
 * only there. One validation runs over all of them, so the validator's
 * engine starts once.
 *
 * An instance of CloudFormationValidatePlugin, so CDK does not add its
 * built-in one as well, and reported under its name.
 */
export class LandingZoneTemplateValidation extends CloudFormationValidatePlugin {
  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-nested-templates-'));
    try {
      // One file per region, so that each finding names the region it is in.
      const carried = context.stackTemplates.flatMap((stack) => nestedTemplates(stack));
      const nested = carried.flatMap((template) =>
        template.regions.map((region): PolicyValidationStack => {
          const stackConstructPath = `${template.carrier} in ${region}`;
          const templatePath = path.join(dir, `${stackConstructPath.replace(/[^\w-]/g, '_')}.json`);
          fs.writeFileSync(templatePath, template.body);
          return { stackConstructPath, templatePath, accountId: template.accountId, region };
        }),
      );
      const report = super.validate({
        ...context,
        stackTemplates: [...context.stackTemplates, ...nested],
        templatePaths: [...context.templatePaths, ...nested.map((t) => t.templatePath)],
      });
      return { ...report, violations: report.violations.map((v) => describeNested(v, nested)) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * A violation in a nested template is reported at the resource that carries
 * the template, by the nested logical ID and the region: the file is gone
 * once validation ends, and its logical IDs are not the stack's.
 */
function describeNested(
  violation: PolicyValidationPluginReport['violations'][number],
  nested: readonly PolicyValidationStack[],
): PolicyValidationPluginReport['violations'][number] {
  return {
    ...violation,
    violatingResources: violation.violatingResources.map((resource) => {
      const carrier = nested.find((t) => t.templatePath === resource.templatePath);
      if (!carrier) return resource;
      const [where, region] = carrier.stackConstructPath.split(' in ');
      return { ...resource, constructPath: `${where}/${resource.resourceLogicalId ?? ''} in ${region}` };
    }),
  };
}

/** Every template `stack` carries, and the templates those carry, with the regions each deploys to. */
function nestedTemplates(stack: PolicyValidationStack): NestedTemplate[] {
  const template: Template = JSON.parse(fs.readFileSync(stack.templatePath, 'utf8'));
  return carriedBy(template, stack.stackConstructPath, stack.accountId, stack.region ? [stack.region] : []);
}

interface Template {
  readonly Resources?: Record<string, { readonly Type?: string; readonly Properties?: Record<string, unknown> }>;
}

function carriedBy(
  template: Template,
  carrier: string,
  accountId: string | undefined,
  regions: readonly string[],
): NestedTemplate[] {
  return Object.entries(template.Resources ?? {}).flatMap(([logicalId, resource]) => {
    const body = resource.Properties?.TemplateBody;
    // A body built from intrinsics is known only at deploy time.
    if (typeof body !== 'string') return [];
    const here = `${carrier}/${logicalId}`;
    let deployedTo: readonly string[];
    if (resource.Type === 'AWS::CloudFormation::StackSet') {
      const groups = (resource.Properties?.StackInstancesGroup ?? []) as Array<{ Regions?: unknown }>;
      deployedTo = [...new Set(groups.flatMap((g) => (Array.isArray(g.Regions) ? g.Regions : [])))];
    } else if (resource.Type === 'AWS::Config::OrganizationConformancePack') {
      deployedTo = regions;
    } else {
      return [];
    }
    const nested: NestedTemplate = { carrier: here, body, accountId, regions: deployedTo };
    return [nested, ...carriedBy(JSON.parse(body), here, accountId, deployedTo)];
  });
}
