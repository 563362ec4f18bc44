import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { userActor } from '../domain/invitation';
import { AppError } from '../http/errors';
import type { EnrolmentRequest, PartnerEnrolment } from '../schemas/partner';
import type { ProgramDeps } from './ports';
import { enrolPartner } from './enrolPartner';

/**
 * A tenant's Global administrator asks to join the program (the seeds' "enrol as an indirect
 * reseller"). One pending request per tenant: asking again while one waits returns it. A tenant
 * already enrolled is told so (409 already_enrolled).
 */
export async function requestEnrolment(
  d: ProgramDeps,
  caller: Caller,
  application: PartnerEnrolment,
): Promise<{ request: EnrolmentRequest; created: boolean }> {
  if (await d.partners.get(caller.tenantId))
    throw new AppError('already_enrolled', 'Your organisation is already a partner of the program.');
  const pending = await d.enrolmentRequests.pendingOf(caller.tenantId);
  if (pending) return { request: pending, created: false };
  const request: EnrolmentRequest = {
    id: randomUUID(),
    tenantId: caller.tenantId,
    requestedBy: { userId: caller.userId, email: caller.email },
    application,
    status: 'pending',
    createdAt: d.now().toISOString(),
  };
  await d.enrolmentRequests.create(request);
  await d.audit.append(
    [caller.tenantId, ...(d.operatorTenantId ? [d.operatorTenantId] : [])],
    {
      at: request.createdAt,
      actor: userActor(caller),
      action: 'enrolment.requested',
      subject: { type: 'enrolmentRequest', id: request.id },
      correlationId: request.id,
      detail: { name: application.name, kind: application.kind, mpnId: application.mpnId },
    },
    `enrolment.requested:${request.id}`,
  );
  return { request, created: true };
}

/**
 * The operator approves: the partner is enrolled through the same use case as a direct enrolment
 * (so an MPN id taken meanwhile refuses the approval and the request stays pending), then the
 * request is marked approved over the version read. A repeat after a crash finds the partner
 * enrolled and completes the mark; a request already decided the other way is 409 already_decided.
 */
export async function approveEnrolment(d: ProgramDeps, caller: Caller, id: string): Promise<EnrolmentRequest> {
  const found = await loadRequest(d, id);
  if (found.doc.status === 'approved') return found.doc;
  if (found.doc.status !== 'pending')
    throw new AppError('already_decided', `This request was already ${found.doc.status}.`);
  await enrolPartner(d, userActor(caller), found.doc.tenantId, found.doc.application);
  return decide(d, caller, found, 'approved');
}

/** The operator rejects, with a reason the applicant is told. */
export async function rejectEnrolment(
  d: ProgramDeps,
  caller: Caller,
  id: string,
  reason: string,
): Promise<EnrolmentRequest> {
  const found = await loadRequest(d, id);
  if (found.doc.status === 'rejected') return found.doc;
  if (found.doc.status !== 'pending')
    throw new AppError('already_decided', `This request was already ${found.doc.status}.`);
  return decide(d, caller, found, 'rejected', reason);
}

async function loadRequest(d: ProgramDeps, id: string) {
  const found = await d.enrolmentRequests.get(id);
  if (!found) throw new AppError('not_found', 'No such enrolment request.');
  return found;
}

async function decide(
  d: ProgramDeps,
  caller: Caller,
  found: { doc: EnrolmentRequest; etag: string },
  status: 'approved' | 'rejected',
  reason?: string,
): Promise<EnrolmentRequest> {
  const decided: EnrolmentRequest = {
    ...found.doc,
    status,
    decidedAt: d.now().toISOString(),
    decidedBy: { userId: caller.userId, email: caller.email },
    ...(reason ? { reason } : {}),
  };
  if ((await d.enrolmentRequests.replace(decided, found.etag)) === 'conflict') {
    throw new AppError('conflict', 'The request changed meanwhile; read it again.');
  }
  await d.audit.append(
    [found.doc.tenantId, ...(d.operatorTenantId ? [d.operatorTenantId] : [])],
    {
      at: decided.decidedAt as string,
      actor: userActor(caller),
      action: `enrolment.${status}`,
      subject: { type: 'enrolmentRequest', id: decided.id },
      correlationId: decided.id,
      ...(reason ? { detail: { reason } } : {}),
    },
    `enrolment.${status}:${decided.id}`,
  );
  return decided;
}
