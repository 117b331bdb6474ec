/**
 * The stage-param combinations the deploy tests package: few, because each costs seconds, and
 * together they switch every conditional part of the stack on and off once.
 */
import type { StackCombination } from './package-stack';

export const ALERT_EMAIL = 'secops@example.com';
export const SLACK_PARAMETER = '/sgdrift/staging/slack-webhook';
export const CI_ROLE_GLOB = 'arn:aws:iam::*:role/terraform-ci';

/** The documented production deploy: auto-revert off, email (CRITICAL, HIGH) on, Slack off. */
export const PRODUCTION_DEFAULT: StackCombination = {
  id: 'production-default',
  stage: 'production',
  params: { alertEmail: ALERT_EMAIL },
};

/** Everything on: enforce, Slack, email without a severity filter, allowed principals, a trail. */
export const STAGING_ENFORCE_SLACK: StackCombination = {
  id: 'staging-enforce-slack',
  stage: 'staging',
  params: {
    alertEmail: ALERT_EMAIL,
    autoRevert: 'enforce',
    slackWebhookParameter: SLACK_PARAMETER,
    allowedPrincipals: CI_ROLE_GLOB,
    createTrail: 'true',
  },
};

/** A bare stage for a new account: no email, no Slack, no revert, no reserved concurrency. */
export const DEV_BARE: StackCombination = {
  id: 'dev-bare',
  stage: 'dev',
  params: { changeConcurrency: 'off', auditConcurrency: '0' },
};

export const ALL_COMBINATIONS = [PRODUCTION_DEFAULT, STAGING_ENFORCE_SLACK, DEV_BARE] as const;

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';

/**
 * The central stack of organization mode (not in ALL_COMBINATIONS: the single-account tests stay as
 * they were): the production deploy plus the central bus, enforce as the stage's ceiling.
 */
export const ORGANIZATION_CENTRAL: StackCombination = {
  id: 'organization-central',
  stage: 'production',
  params: {
    alertEmail: ALERT_EMAIL,
    autoRevert: 'enforce',
    organization: 'true',
    organizationId: ORGANIZATION_ID,
  },
};

/** The same deploy without organization mode: what the central stack must contain unchanged. */
export const PRODUCTION_ENFORCE: StackCombination = {
  id: 'production-enforce',
  stage: 'production',
  params: { alertEmail: ALERT_EMAIL, autoRevert: 'enforce' },
};

/**
 * The central stack of an organization (organization=true), production-like: the default member
 * role name, email alerts. Not in ALL_COMBINATIONS: the single-account suites describe that stack.
 */
export const ORG_PRODUCTION: StackCombination = {
  id: 'org-production',
  stage: 'production',
  params: { organization: 'true', organizationId: ORGANIZATION_ID, alertEmail: ALERT_EMAIL },
};

/** The central stack with everything else on, a custom member role name and retention. */
export const ORG_STAGING_ENFORCE_SLACK: StackCombination = {
  id: 'org-staging-enforce-slack',
  stage: 'staging',
  params: {
    organization: 'true',
    organizationId: ORGANIZATION_ID,
    memberRoleName: 'secops-sg-reader',
    orgAuditRetentionDays: '30',
    autoRevert: 'enforce',
    slackWebhookParameter: SLACK_PARAMETER,
    changeConcurrency: 'off',
  },
};

export const ORG_COMBINATIONS = [ORG_PRODUCTION, ORG_STAGING_ENFORCE_SLACK] as const;
