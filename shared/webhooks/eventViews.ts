import { answerView } from '../answers/answerView';
import { customerView } from '../customers/customerView';
import { grantView, relationshipView } from '../customers/recordViews';
import { acceptanceRecords } from '../domain/acceptanceRecords';
import { effectiveStatus } from '../domain/effectiveStatus';
import { grantId, partnershipId, relationshipId } from '../domain/ids';
import type { Invitation } from '../domain/invitation';
import { invitationView, visibleTo } from '../invitations/invitationView';
import { subscriptionView } from '../newCustomers/newCustomerView';
import { partnershipView } from '../partnerships/partnershipView';
import type { AuditEntry } from '../store/audit';
import type { ViewDeps } from './ports';

// Each event's data carries the resource's public view (issue 16: "the resource's public view at
// that moment"), as the API shows it to the tenant receiving the event: the functions below are
// the ones the GET handlers answer with, so an event never shows what the API would not (no token
// hash, no temporary password). Each tenant gets its own view: the inviter sees the invitation as
// GET /api/invitations/{id} does, the customer (or reseller) that answered only its answer.
//
// Rendered from the snapshot the change wrote into its audit entry (AuditEntry.resource) when there
// is one, else read when the entry is published: see outbox.ts for which and why.

/** The key of the view in an event's data, by the event type's resource (`invitation.created` → `invitation`). */
export type ViewKey = 'invitation' | 'relationship' | 'grant' | 'partnership' | 'customer' | 'subscription' | 'partner';

export const viewKeyOf = (eventType: string): ViewKey => {
  if (eventType === 'partnership.requested') return 'invitation'; // the request is an invitation; no partnership yet
  return eventType.split('.')[0] as ViewKey;
};

type View = object;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads an entry's invitation once per publisher run (several events of one entry share it). */
type Reads = { invitation(id: string): Promise<Invitation | undefined> };

/** The tenant that accepted (the customer, or the reseller of a partnership request). */
const acceptorOf = (i: Invitation): string | undefined => i.acceptedBy?.tenantId ?? i.customerTenantId;

async function invitationFor(d: ViewDeps, i: Invitation, tenantId: string, now: Date): Promise<View> {
  return visibleTo(i, tenantId) ? invitationView(i, now) : answerFor(d, i, now);
}

/** The answering tenant's view: its answer, as the accept/decline response showed it. */
async function answerFor(d: ViewDeps, i: Invitation, now: Date): Promise<View> {
  const status = effectiveStatus(i, now) === 'declined' ? 'declined' : 'accepted';
  const partner = await d.partners.get(i.partnerTenantId);
  return { ...answerView(i, status, partner?.partner.name ?? '') };
}

/** The relationship of the tenant among those an invitation recorded (the customer: its partner's). */
async function recordedRelationship(d: ViewDeps, i: Invitation, tenantId: string): Promise<View | undefined> {
  const acceptor = acceptorOf(i);
  if (!acceptor) return undefined;
  const records = acceptanceRecords(i, acceptor);
  if (!records.ok) return undefined;
  const mine =
    records.value.relationships.find((x) => x.partnerTenantId === tenantId) ?? records.value.relationships[0];
  if (!mine) return undefined;
  const found = await d.records.relationship(mine.partnerTenantId, mine.id);
  return found ? relationshipView(found.doc) : undefined;
}

async function grantFor(d: ViewDeps, r: Reads, entry: AuditEntry, id: string): Promise<View | undefined> {
  // A grant lives in its customer's partition; the entry names the customer, or the invitation does.
  let customer = str(entry.detail?.customerTenantId);
  if (!customer) {
    const i = await r.invitation(entry.subject.type === 'invitation' ? entry.subject.id : entry.correlationId);
    customer = i && acceptorOf(i);
  }
  const found = customer ? await d.records.grant(customer, id) : undefined;
  return found ? grantView(found.doc) : undefined;
}

async function partnershipFor(d: ViewDeps, r: Reads, entry: AuditEntry): Promise<View | undefined> {
  let provider = str(entry.detail?.providerTenantId);
  let reseller = str(entry.detail?.resellerTenantId);
  if (!provider || !reseller) {
    const i = await r.invitation(entry.subject.id);
    provider = i?.partnerTenantId;
    reseller = i && acceptorOf(i);
  }
  if (!provider || !reseller) return undefined;
  const found = await d.partnerships.get(provider, reseller);
  return found && found.doc.id === partnershipId(provider, reseller) ? partnershipView(found.doc) : undefined;
}

/**
 * The view of the resource of one event (type) derived from an audit entry, for the tenant whose
 * trail holds the entry; undefined when there is nothing the tenant may read (the resource is gone,
 * or the tenant has no view of it, e.g. a new customer's own tenant).
 */
export async function resourceViewOf(
  d: ViewDeps,
  r: Reads,
  entry: AuditEntry,
  eventType: string,
  now: Date,
): Promise<View | undefined> {
  const tenantId = entry.tenantId.toLowerCase();
  const key = viewKeyOf(eventType);
  const { type, id } = entry.subject;
  // The snapshot the change wrote with its entry (AuditEntry.resource): the resource as this change
  // left it. Only for the entry's own subject: derived events (a recorded acceptance's records) read.
  if (entry.resource && key === type) {
    if (key !== 'invitation') return entry.resource;
    const i = entry.resource as Invitation;
    return visibleTo(i, tenantId) ? i : answerFor(d, i, now);
  }
  switch (key) {
    case 'invitation': {
      const i = type === 'invitation' ? await r.invitation(id) : undefined;
      return i ? invitationFor(d, i, tenantId, now) : undefined;
    }
    case 'relationship': {
      if (type === 'invitation') {
        const i = await r.invitation(id);
        return i ? recordedRelationship(d, i, tenantId) : undefined;
      }
      const partner = str(entry.detail?.partnerTenantId);
      const found = partner ? await d.records.relationship(partner, id) : undefined;
      return found ? relationshipView(found.doc) : undefined;
    }
    case 'grant':
      return grantFor(d, r, entry, type === 'invitation' ? grantId(id) : id);
    case 'partnership':
      return partnershipFor(d, r, entry);
    case 'customer': {
      // GET /api/customers/{id} of the receiving partner (the provider, or the reseller).
      const found = await d.records.relationship(tenantId, relationshipId(tenantId, id));
      return found && found.doc.type === 'relationship' ? customerView(d, found.doc) : undefined;
    }
    case 'subscription': {
      const customer = str(entry.detail?.customerTenantId);
      const found = customer ? await d.subscriptions.get(customer, id) : undefined;
      return found ? subscriptionView(found.doc) : undefined;
    }
    case 'partner': {
      const found = await d.partners.get(id);
      return found ? { ...found.partner } : undefined;
    }
  }
}

/** The per-run reads: one invitation read per id, whatever the number of entries and tenants. */
export function runReads(d: ViewDeps): Reads {
  const invitations = new Map<string, Promise<Invitation | undefined>>();
  return {
    invitation(id) {
      let p = invitations.get(id);
      if (!p) {
        p = d.invitations.get(id).then((x) => x?.doc);
        invitations.set(id, p);
      }
      return p;
    },
  };
}
