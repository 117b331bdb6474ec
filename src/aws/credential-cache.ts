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

export interface CachedCredentialSource extends CredentialSource {
  /** Drops the cached credentials (AWS rejected them): the next call fetches new ones. */
  forget(): void;
}

/**
 * Caches one account's credentials until shortly before they expire, so every region of the account
 * (and every call) shares one AssumeRole. Callers that arrive while a refresh is in flight wait for
 * it instead of starting another; a failure is not cached, so the next call tries again. Credentials
 * AWS rejects before they expire (the role deleted and created again, its sessions revoked) are
 * dropped with forget().
 */
export function cachedUntilExpiry(
  source: CredentialSource,
  now: () => number = Date.now,
  refreshBeforeMs = REFRESH_BEFORE_EXPIRY_MS,
): CachedCredentialSource {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (credentials: AwsCredentialIdentity) =>
    credentials.expiration === undefined || credentials.expiration.getTime() - refreshBeforeMs > now();
  const get = () => {
    if (current && fresh(current)) return Promise.resolve(current);
    pending ??= source().then(
      (credentials) => {
        // A copy of our own, which forget() may mark expired.
        current = { ...credentials };
        pending = undefined;
        return current;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  return Object.assign(get, {
    forget() {
      // The SDK keeps the credentials each client resolved until they expire: marked expired, every
      // client of the account asks again.
      if (current) current.expiration = new Date(0);
      current = undefined;
    },
  });
}
