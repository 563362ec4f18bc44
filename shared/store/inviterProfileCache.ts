import type { PartnerStore, StoredPartner } from './partners';

/**
 * How long a partner's profile read for a new invitation is reused. A profile changes rarely (its
 * name, kind or country), while a partner sending invitations in a burst would read it for each
 * one: one point read per invitation on the busiest request path. A change made through this
 * process is seen at once (the PUT forgets the entry); one made through another instance is seen
 * within this time.
 */
export const INVITER_PROFILE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

const entries = new Map<string, { value: StoredPartner; until: number }>();

/**
 * The partner store with reads cached for invitation creation. Only found profiles are kept: a
 * partner who has just set up a profile is never told to set it up again.
 */
export function cachedInviterProfiles(store: PartnerStore, now: () => number = Date.now): PartnerStore {
  return {
    async get(tenantId) {
      const hit = entries.get(tenantId);
      if (hit && hit.until > now()) return hit.value;
      const value = await store.get(tenantId);
      if (value) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
        entries.delete(tenantId);
        entries.set(tenantId, { value, until: now() + INVITER_PROFILE_TTL_MS });
      } else entries.delete(tenantId);
      return value;
    },
    async upsert(partner, options) {
      forgetInviterProfile(partner.tenantId);
      const written = await store.upsert(partner, options);
      forgetInviterProfile(partner.tenantId);
      return written;
    },
  };
}

/** Forgets a cached profile (its partner has just changed it). */
export function forgetInviterProfile(tenantId: string): void {
  entries.delete(tenantId);
}
