import { z } from 'zod';
import { COMMERCIAL_REGIONS } from './regions';

/** Building blocks every config section shares, so each rule is written once. */
export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID');

export const region = z.enum(COMMERCIAL_REGIONS, { error: 'must be an AWS commercial region such as eu-west-1' });

export const days = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a whole number of days` })
    .int(`${what} must be a whole number of days`)
    .min(min, `${what} must be at least ${min} days`)
    .max(max, `${what} must be at most ${max} days`);

/** An on/off switch with its default. */
export const flag = (value: boolean) => z.boolean({ error: 'must be true or false' }).default(value);

/** Cross-field rules would only repeat a field's own error in other words; run them on valid fields. */
export const ONLY_WHEN_EVERY_FIELD_IS_VALID = {
  when: (payload: { issues: unknown[] }) => payload.issues.length === 0,
};
