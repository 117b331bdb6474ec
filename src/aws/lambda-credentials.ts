import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credential chain of a Lambda function: its execution role's credentials are always in the
 * environment. The function bundles alias `@aws-sdk/credential-provider-node` to this module
 * (serverless.yml, custom.esbuild.alias), which drops the SSO, INI, process, IMDS and web-identity
 * providers and their nested STS/SSO clients: about 100 kB, a tenth of the cold start's parse time.
 * The CLI keeps the full chain (profiles, SSO).
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
