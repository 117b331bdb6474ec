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
  /**
   * Drops `rejected` (AWS refused them) if they are still the cached credentials: the next call
   * fetches new ones. Credentials fetched since stand (a call signed before a refresh failed late).
   * `once`: a refusal that may be a missing permission rather than bad credentials; then the
   * credentials fetched to replace them are not dropped again for it.
   */
  forget(rejected: AwsCredentialIdentity, options?: { once?: boolean }): void;
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
  // After a `once` refusal: the credentials fetched next, which the same refusal does not drop.
  let renewingForRefusal = false;
  let renewedForRefusal: AwsCredentialIdentity | undefined;
  const fresh = (credentials: AwsCredentialIdentity) =>
    credentials.expiration === undefined || credentials.expiration.getTime() - refreshBeforeMs > now();
  const get = () => {
    if (current && fresh(current)) return Promise.resolve(current);
    pending ??= source().then(
      (credentials) => {
        // A copy of our own, which forget() may mark expired.
        current = { ...credentials };
        if (renewingForRefusal) renewedForRefusal = current;
        renewingForRefusal = false;
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
    forget(rejected: AwsCredentialIdentity, { once = false }: { once?: boolean } = {}) {
      if (rejected !== current) return;
      if (once && rejected === renewedForRefusal) return;
      // The SDK keeps the credentials each client resolved until they expire: marked expired, every
      // client of the account asks again.
      rejected.expiration = new Date(0);
      current = undefined;
      renewingForRefusal = once;
    },
  });
}
