import type { Container } from '@azure/cosmos';
import { partnershipId } from '../domain/ids';
import type { Partnership } from '../domain/partner';
import { containers } from './containers';
import { appDatabase } from './database';
import { queryPage, readItem } from './cosmosOps';
import { type PartnerStore, partnerStore } from './partners';

/** Port: is a reseller in active partnership with a provider, and which one has this MPN id. */
export interface PartnershipLookup {
  isActive(providerTenantId: string, resellerTenantId: string): Promise<boolean>;
  /** The tenant of the provider's active reseller with this MPN id, if any. */
  byMpnId(providerTenantId: string, mpnId: string): Promise<string | undefined>;
}

/**
 * Reads the partnerships container (provider partition, id from the pair, as
 * shared/store/partnerships.ts writes it) and the partner profiles (a reseller's MPN id is on its
 * profile). Read-only: the partnership store owns every write.
 */
export function cosmosPartnershipLookup(
  partnerships: Container,
  partners: Pick<PartnerStore, 'get'>,
): PartnershipLookup {
  return {
    async isActive(provider, reseller) {
      const found = await readItem<Partnership>(
        partnerships,
        partnershipId(provider, reseller),
        provider.toLowerCase(),
        'providerTenantId',
      );
      return found?.doc.status === 'active' && found.doc.resellerTenantId === reseller.toLowerCase();
    },
    async byMpnId(provider, mpnId) {
      let token: string | undefined;
      do {
        const page = await queryPage<Partnership>(
          partnerships,
          { field: 'providerTenantId', value: provider.toLowerCase() },
          "SELECT * FROM c WHERE c.type = 'partnership' AND c.status = 'active'",
          [],
          100,
          token,
        );
        for (const p of page.items) {
          if ((await partners.get(p.resellerTenantId))?.partner.mpnId === mpnId) return p.resellerTenantId;
        }
        token = page.continuationToken;
      } while (token);
      return undefined;
    },
  };
}

let shared: PartnershipLookup | undefined;
/** The process-wide lookup on the app's database. */
export function partnershipLookup(): PartnershipLookup {
  shared ??= cosmosPartnershipLookup(appDatabase().container(containers.partnerships.id), partnerStore());
  return shared;
}
