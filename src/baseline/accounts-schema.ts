/**
 * The accounts map's schema (`baselines/accounts.yml`): which baseline environment judges which
 * account or organizational unit, in which regions, with which auto-revert mode; plus the checks zod
 * cannot express (known environments, duplicates, a value every entry needs from somewhere).
 */
import { z } from 'zod';
import { ACCOUNT_ID, ACCOUNT_NAME_MAX, AUTO_REVERT_MODES, OU_ID, REGION } from './account-syntax';
import type { Problem } from './cross-check';

const accountIdField = z.unknown().transform((raw, ctx): string => {
  if (typeof raw === 'number') {
    ctx.addIssue({
      code: 'custom',
      message:
        'write the account id in quotes ("012345678901"): unquoted, YAML reads a number and drops leading zeros',
    });
    return z.NEVER;
  }
  if (typeof raw !== 'string' || !ACCOUNT_ID.test(raw)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(raw)} is not an account id (12 digits)` });
    return z.NEVER;
  }
  return raw;
});

// In `defaults` as in every entry: the compiled map's check (compiled-accounts.ts) refuses the same.
const regionsField = z
  .array(z.string().regex(REGION, 'not a region name (eu-west-1, us-east-1, …)'))
  .refine((regions) => regions.length > 0, 'list at least one region')
  .superRefine((regions, ctx) => {
    regions.forEach((region, at) => {
      if (regions.indexOf(region) !== at) {
        ctx.addIssue({ code: 'custom', path: [at], message: `duplicate region ${region}` });
      }
    });
  });

/** What an entry (or the defaults) may say about the accounts it covers. */
const settings = {
  environment: z.string().optional(),
  regions: regionsField.optional(),
  autoRevert: z.enum(AUTO_REVERT_MODES).optional(),
};

const accountSchema = z.strictObject({
  id: accountIdField,
  /** Shown in alerts and reports beside the id; Organizations' name is used when absent. */
  name: z
    .string()
    .trim()
    .min(1, 'name must not be empty')
    .max(ACCOUNT_NAME_MAX, `an account name is at most ${ACCOUNT_NAME_MAX} characters`)
    .optional(),
  ...settings,
});

const unitSchema = z.strictObject({
  id: z.string().regex(OU_ID, 'not an organizational unit id (ou-xxxx-yyyyyyyy)'),
  ...settings,
});

export const accountsMapSchema = z.strictObject({
  version: z.literal(1),
  defaults: z.strictObject(settings).default({}),
  accounts: z.array(accountSchema).default([]),
  organizationalUnits: z.array(unitSchema).default([]),
});

export type AccountsMapDocument = z.output<typeof accountsMapSchema>;
export type AccountSpec = AccountsMapDocument['accounts'][number];
export type UnitSpec = AccountsMapDocument['organizationalUnits'][number];

/** Cross-references: environments the baseline has, no duplicates, every entry fully specified. */
export function crossCheckAccounts(doc: AccountsMapDocument, environments: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  if (doc.accounts.length === 0 && doc.organizationalUnits.length === 0) {
    problems.push({ path: ['accounts'], message: 'list at least one account or organizational unit' });
  }
  const checkEnvironment = (environment: string | undefined, path: Problem['path']) => {
    // A Set of the baseline's own keys: `constructor` or `__proto__` is not an environment.
    if (environment !== undefined && !environments.has(environment)) {
      const known = [...environments].join(', ');
      problems.push({ path, message: `unknown environment '${environment}' (the baseline has: ${known})` });
    }
  };
  checkEnvironment(doc.defaults.environment, ['defaults', 'environment']);
  const checkEntries = (
    list: 'accounts' | 'organizationalUnits',
    entries: readonly (AccountSpec | UnitSpec)[],
  ) => {
    const firstIndex = new Map<string, number>();
    entries.forEach((entry, index) => {
      const seen = firstIndex.get(entry.id);
      if (seen !== undefined) {
        problems.push({
          path: [list, index, 'id'],
          message: `duplicate ${entry.id} (also ${list}[${seen}])`,
        });
      } else {
        firstIndex.set(entry.id, index);
      }
      checkEnvironment(entry.environment, [list, index, 'environment']);
      if (entry.environment === undefined && doc.defaults.environment === undefined) {
        problems.push({
          path: [list, index, 'environment'],
          message: 'required (there is no defaults.environment)',
        });
      }
      if (entry.regions === undefined && doc.defaults.regions === undefined) {
        problems.push({
          path: [list, index, 'regions'],
          message: 'required (there are no defaults.regions)',
        });
      }
    });
  };
  checkEntries('accounts', doc.accounts);
  checkEntries('organizationalUnits', doc.organizationalUnits);
  return problems;
}
