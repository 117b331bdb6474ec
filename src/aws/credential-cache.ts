/** The fields of the SDK's `AwsCredentialIdentity` the cache reads (structurally the same type). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Temporary credentials are renewed this long before they expire (the SDK's own signer margin, 5 min). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

export type CredentialSource = () => Promise<AwsCredentialIdentity>;

/**
 * Caches one account's credentials until shortly before they expire, so every region of the account
 * (and every call) shares one AssumeRole. Callers that arrive while a refresh is in flight wait for
 * it instead of starting another; a failure is not cached, so the next call tries again.
 */
export function cachedUntilExpiry(
  source: CredentialSource,
  now: () => number = Date.now,
  refreshBeforeMs = REFRESH_BEFORE_EXPIRY_MS,
): CredentialSource {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (credentials: AwsCredentialIdentity) =>
    credentials.expiration === undefined || credentials.expiration.getTime() - refreshBeforeMs > now();
  return () => {
    if (current && fresh(current)) return Promise.resolve(current);
    pending ??= source().then(
      (credentials) => {
        current = credentials;
        pending = undefined;
        return credentials;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
