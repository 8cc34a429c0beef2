import {
  type App,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { LandingZoneTemplateValidation } from './nested-template-validation';

export interface ValidationPluginsOptions {
  /**
   * The template validator to register: one instance serves several apps in
   * one process, and starts its engine once for all of them.
   * @default - a new LandingZoneTemplateValidation
   */
  readonly templateValidation?: LandingZoneTemplateValidation;
}

/**
 * Registers the landing zone's synth-time gates on `app`: CDK's CloudFormation
 * template validator first, over the stacks' templates and every StackSet and
 * conformance pack template they carry (LandingZoneTemplateValidation), then the cdk-nag AwsSolutions and NIST 800-53 R5
 * packs, which load cdk-nag only when they run.
 *
 * The order is for speed, not correctness: every gate sees every template.
 * CDK runs the plugins registered here before its built-in validator, and
 * cdk-nag loads some sixty aws-cdk-lib service modules for its rules. The
 * validator's WebAssembly engine starts with hundreds of garbage collections,
 * each as slow as the heap is large, so it runs before those modules load
 * (0.25 s less `cdk synth` with every commercial region governed; npm run bench).
 * CDK_VALIDATION=false, which turns the built-in validator off, leaves it out
 * here too; an App that registers its own validator must do so first.
 */
export function addValidationPlugins(app: App, options: ValidationPluginsOptions = {}): void {
  const templateValidation = process.env.CDK_VALIDATION !== 'false';
  Validations.of(app).addPlugins(
    ...(templateValidation ? [options.templateValidation ?? new LandingZoneTemplateValidation()] : []),
    new LazyNagPack('AwsSolutions', () => new (cdkNag().AwsSolutionsChecks)(app)),
    new LazyNagPack('NIST.800.53.R5', () => new (cdkNag().NIST80053R5Checks)(app)),
  );
}

function cdkNag(): typeof import('cdk-nag') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see addValidationPlugins
  return require('cdk-nag');
}

/** A cdk-nag pack that is created, and cdk-nag loaded, only when CDK runs it. */
class LazyNagPack implements IPolicyValidationPlugin {
  constructor(
    /** The pack's own name, which the validation report shows. */
    readonly name: string,
    private readonly create: () => IPolicyValidationPlugin,
  ) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const pack = this.create();
    if (pack.name !== this.name) throw new Error(`expected the cdk-nag pack ${this.name}, got ${pack.name}`);
    return withoutDeprecationWarnings(NAG_OWN_DEPRECATIONS, () => pack.validate(context));
  }
}

/**
 * Deprecated aws-cdk-lib APIs that cdk-nag's own rules read, which only a
 * cdk-nag release can stop reading: its EVB1 rule (EventBusOpenAccess) reads
 * `CfnEventBusPolicy#principal`, so every synth of an app with an event bus
 * policy printed that deprecation. They are silenced only while a pack runs:
 * the app's own code runs before, so a deprecated API it uses still prints.
 */
export const NAG_OWN_DEPRECATIONS = ['aws-cdk-lib.aws_events.CfnEventBusPolicy#principal'];

/**
 * Runs `fn` with the deprecation warnings of exactly these API IDs dropped;
 * every other warning passes. aws-cdk-lib prints each deprecation once, as
 * `console.warn('[WARNING]', '<id> is deprecated, ...')`, under the default
 * JSII_DEPRECATED=warn; JSII_DEPRECATED=quiet would hide them all.
 */
export function withoutDeprecationWarnings<T>(ids: readonly string[], fn: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const [tag, message] = args;
    const silenced =
      tag === '[WARNING]' && typeof message === 'string' && ids.some((id) => message.startsWith(`${id} is deprecated`));
    if (!silenced) warn(...args);
  };
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}
