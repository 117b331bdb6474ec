import {
  type AwsCredentialIdentity,
  cachedUntilExpiry,
  REFRESH_BEFORE_EXPIRY_MS,
} from '../../src/aws/credential-cache';

const T0 = Date.parse('2026-11-28T10:00:00Z');
const HOUR_MS = 60 * 60 * 1000;

/** A source that issues numbered credentials valid for one hour from the clock's "now". */
function issuer(clock: { now: number }) {
  let calls = 0;
  const source = async (): Promise<AwsCredentialIdentity> => {
    calls += 1;
    return {
      accessKeyId: `ASIA${calls}`,
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(clock.now + HOUR_MS),
    };
  };
  return { source, calls: () => calls };
}

describe('aws: credentials cached per account until shortly before expiry', () => {
  it('renews five minutes before expiry, as README.md and docs/organization.md say', () => {
    expect(REFRESH_BEFORE_EXPIRY_MS).toBe(5 * 60 * 1000);
  });

  it('reuses the credentials while they are fresh', async () => {
    const clock = { now: T0 };
    const { source, calls } = issuer(clock);
    const cached = cachedUntilExpiry(source, () => clock.now);

    const first = await cached();
    clock.now = T0 + HOUR_MS - REFRESH_BEFORE_EXPIRY_MS - 1;
    expect(await cached()).toBe(first);
    expect(calls()).toBe(1);
  });

  it('renews them once they are within the refresh margin of expiry', async () => {
    const clock = { now: T0 };
    const { source, calls } = issuer(clock);
    const cached = cachedUntilExpiry(source, () => clock.now);

    await cached();
    clock.now = T0 + HOUR_MS - REFRESH_BEFORE_EXPIRY_MS;
    expect((await cached()).accessKeyId).toBe('ASIA2');
    expect(calls()).toBe(2);
  });

  it('callers arriving together share one request', async () => {
    const clock = { now: T0 };
    const { source, calls } = issuer(clock);
    const cached = cachedUntilExpiry(source, () => clock.now);

    const all = await Promise.all([cached(), cached(), cached()]);
    expect(new Set(all.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIA1']));
    expect(calls()).toBe(1);
  });

  it('does not cache a failure: the next call asks again', async () => {
    let fail = true;
    const cached = cachedUntilExpiry(async () => {
      if (fail) throw Object.assign(new Error('throttled'), { name: 'Throttling' });
      return { accessKeyId: 'ASIAOK', secretAccessKey: 's' };
    });

    await expect(cached()).rejects.toMatchObject({ name: 'Throttling' });
    fail = false;
    expect((await cached()).accessKeyId).toBe('ASIAOK');
  });

  it('forget() drops fresh credentials AWS rejected, and marks expired the copy every holder kept', async () => {
    const clock = { now: T0 };
    const { source, calls } = issuer(clock);
    const cached = cachedUntilExpiry(source, () => clock.now);

    const held = await cached();
    cached.forget(held);
    // What the SDK checks before reusing the credentials a client resolved.
    expect(held.expiration?.getTime()).toBeLessThan(clock.now);
    expect((await cached()).accessKeyId).toBe('ASIA2');
    expect(calls()).toBe(2);
  });

  it('forget() of credentials already replaced keeps the new ones (a call signed before the refresh failed late)', async () => {
    const clock = { now: T0 };
    const { source, calls } = issuer(clock);
    const cached = cachedUntilExpiry(source, () => clock.now);
    const old = await cached();
    cached.forget(old);
    const renewed = await cached();
    cached.forget(old);
    expect(await cached()).toBe(renewed);
    expect(renewed.expiration?.getTime()).toBeGreaterThan(clock.now);
    expect(calls()).toBe(2);
  });

  it('a refusal that may be a missing permission renews the credentials once, not on every call', async () => {
    const clock = { now: T0 };
    const { source, calls } = issuer(clock);
    const cached = cachedUntilExpiry(source, () => clock.now);
    cached.forget(await cached(), { once: true }); // perhaps revoked: renewed
    for (let call = 0; call < 5; call += 1) cached.forget(await cached(), { once: true }); // a permission gap
    expect(calls()).toBe(2);
    cached.forget(await cached()); // rejected outright (AuthFailure): renewed whatever came before
    await cached();
    expect(calls()).toBe(3);
  });
});
