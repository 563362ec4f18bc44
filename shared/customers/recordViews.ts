import type { Grant, Relationship } from '../domain/partner';
import { periodsOf } from '../domain/relationshipPeriods';
import type { AuditEntry } from '../store/audit';

/** A relationship as the API shows it (storage fields such as `type` left out). */
export function relationshipView(r: Relationship): Relationship {
  const { id, partnerTenantId, customerTenantId, kind, resellerTenantId, status, createdAt, removedAt, invitationId } =
    r;
  return {
    id,
    partnerTenantId,
    customerTenantId,
    kind,
    status,
    createdAt,
    ...(resellerTenantId ? { resellerTenantId } : {}),
    ...(removedAt ? { removedAt } : {}),
    ...(invitationId ? { invitationId } : {}),
    periods: periodsOf(r),
  };
}

/** A grant as the API shows it (storage fields such as `type` and `tenantId` left out). */
export function grantView(g: Grant): Grant {
  const {
    id,
    partnerTenantId,
    customerTenantId,
    invitationId,
    roles,
    duration,
    autoExtend,
    startsAt,
    endsAt,
    status,
    removedAt,
  } = g;
  return {
    id,
    partnerTenantId,
    customerTenantId,
    invitationId,
    roles,
    duration,
    autoExtend,
    startsAt,
    endsAt,
    status,
    ...(removedAt ? { removedAt } : {}),
  };
}

/** An audit entry as GET /api/audit shows it: who (without the e-mail), what, on which thing. */
export function auditView(e: AuditEntry) {
  const by = {
    type: e.actor.type,
    ...(e.actor.tenantId ? { tenantId: e.actor.tenantId } : {}),
    ...(e.actor.userId ? { userId: e.actor.userId } : {}),
  };
  return {
    id: e.id,
    tenantId: e.tenantId,
    at: e.at,
    by,
    action: e.action,
    subjectType: e.subject.type,
    subjectId: e.subject.id,
    correlationId: e.correlationId,
    ...(e.detail ? { detail: e.detail } : {}),
  };
}
