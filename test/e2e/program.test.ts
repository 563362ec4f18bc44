import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import {
  contosoDirect,
  demoOperator,
  fabrikamDistribution,
  programOperator,
} from '../../infra/local/identity/demoDirectory';
import { type IndirectWorld, setUpIndirectWorld } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';

/**
 * Through HTTP on the real local stack: the program's operator enrols
 * partners (nobody enrols itself, under any name or MPN id), tenants ask to join and are told the
 * outcome by email, a suspended partner sends and answers nothing and its invitations cannot be
 * accepted, every operator action is audited on both sides, and the audit log's role check holds
 * for a partner-tenant user who is also a directory Global admin.
 */
let w: IndirectWorld;
let operator: Record<string, string>;

beforeAll(async () => {
  w = await setUpIndirectWorld(await startProductStack());
  operator = await w.stack.bearer(demoOperator);
}, 180_000);

afterAll(async () => {
  await w?.stack.stop();
});

/** A tenant that is in no list of the program, with one user holding whatever the test gives it. */
const stranger = (over: { roles?: string[]; wids?: string[] } = {}) => {
  const tenantId = randomUUID();
  return {
    tenantId,
    userId: randomUUID(),
    email: `admin@${tenantId.slice(0, 8)}.example`,
    tenantCountry: 'US',
    roles: over.roles ?? [],
    wids: over.wids ?? [],
  };
};
const identity = (name: string, mpnId: string, kind = 'indirectReseller') => ({
  name,
  kind,
  mpnId,
  country: 'US',
  cloud: 'public',
});

describe('enrolment is the program operator’s', () => {
  it('a tenant with every partner app role but no enrolment sends nothing and reads nothing (403 partner_not_enrolled)', async () => {
    const self = await w.as(stranger({ roles: ['GlobalAdmin', 'AdminAgent'] }));
    const send = await w.api('invitations', {
      headers: self,
      json: { recipientEmail: 'x@adatum.example', includeDelegatedAdmin: false },
    });
    expect([send.status, send.body.code]).toEqual([403, 'partner_not_enrolled']);
    const list = await w.api('invitations', { headers: self });
    expect([list.status, list.body.code]).toEqual([403, 'partner_not_enrolled']);
    const put = await w.api('partner', {
      method: 'PUT',
      headers: self,
      json: identity('Contoso Direct', contosoDirect.mpnId as string, 'direct'),
    });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, PATCH']);
  });

  it('ProgramAdmin from any tenant but the operator’s counts for nothing', async () => {
    const impostor = await w.as(stranger({ roles: ['ProgramAdmin'] }));
    const t = randomUUID();
    const put = await w.api(`program/partners/${t}`, {
      method: 'PUT',
      headers: impostor,
      json: identity('Impostor', '7000001'),
    });
    expect([put.status, put.body.code]).toEqual([403, 'forbidden']);
    expect((await w.api('program/partners', { headers: impostor })).status).toBe(403);
    // A partner's own Global admin is no operator either.
    expect(
      (
        await w.api(`program/partners/${t}`, {
          method: 'PUT',
          headers: await w.partner(contosoDirect, 'GlobalAdmin'),
          json: identity('Impostor', '7000001'),
        })
      ).status,
    ).toBe(403);
    expect((await w.api(`program/partners/${t}`, { headers: operator })).status).toBe(404);
  });

  it('an MPN id belongs to one partner: another partner’s is refused (409 mpn_id_taken); a changed MPN id frees the old one', async () => {
    const a = randomUUID();
    const b = randomUUID();
    expect(
      (
        await w.api(`program/partners/${a}`, {
          method: 'PUT',
          headers: operator,
          json: identity('Alpha Resellers', '7100001'),
        })
      ).status,
    ).toBe(201);
    const taken = await w.api(`program/partners/${b}`, {
      method: 'PUT',
      headers: operator,
      json: identity('Beta Resellers', '7100001'),
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'mpn_id_taken']);
    expect((await w.api(`program/partners/${b}`, { headers: operator })).status).toBe(404);
    // The demo partner's MPN id too, under a new tenant.
    const clone = await w.api(`program/partners/${b}`, {
      method: 'PUT',
      headers: operator,
      json: identity('Contoso Direct', contosoDirect.mpnId as string, 'direct'),
    });
    expect(clone.body.code).toBe('mpn_id_taken');
    expect(
      (
        await w.api(`program/partners/${a}`, {
          method: 'PUT',
          headers: operator,
          json: identity('Alpha Resellers', '7100002'),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await w.api(`program/partners/${b}`, {
          method: 'PUT',
          headers: operator,
          json: identity('Beta Resellers', '7100001'),
        })
      ).status,
    ).toBe(201);
    const list = await w.api('program/partners?name=resellers&kind=indirectReseller', { headers: operator });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { tenantId: string }) => p.tenantId)).toEqual(expect.arrayContaining([a, b]));
  });

  it('a Global admin asks to join; the operator approves; the applicant is emailed and can then act as a partner', async () => {
    const applicant = stranger({ wids: [GLOBAL_ADMINISTRATOR_WID], roles: ['GlobalAdmin'] });
    const headers = await w.as(applicant);
    // Not a Global administrator of its directory (an app role alone): refused.
    const notAdmin = await w.api('enrolment-requests', {
      headers: await w.as({ ...applicant, userId: randomUUID(), wids: [] }),
      json: identity('Gamma Resellers', '7200001'),
    });
    expect([notAdmin.status, notAdmin.body.code]).toEqual([403, 'customer_global_admin_required']);
    const asked = await w.api('enrolment-requests', { headers, json: identity('Gamma Resellers', '7200001') });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'pending', tenantId: applicant.tenantId });
    expect(asked.headers.get('location')).toBe(`/api/enrolment-requests/${asked.body.id}`);
    expect((await w.api(`enrolment-requests/${asked.body.id}`, { headers })).body.status).toBe('pending');
    // Another tenant's Global admin does not see it.
    expect(
      (
        await w.api(`enrolment-requests/${asked.body.id}`, {
          headers: await w.as(stranger({ wids: [GLOBAL_ADMINISTRATOR_WID] })),
        })
      ).status,
    ).toBe(404);
    // Asking again while one waits returns the same request.
    expect((await w.api('enrolment-requests', { headers, json: identity('Gamma Resellers', '7200001') })).body.id).toBe(
      asked.body.id,
    );
    // Only the operator sees the queue and decides.
    expect((await w.api('program/enrolment-requests?status=pending', { headers })).status).toBe(403);
    const queue = await w.api('program/enrolment-requests?status=pending', { headers: operator });
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    expect(
      (await w.api(`program/enrolment-requests/${asked.body.id}/approve`, { method: 'POST', headers })).status,
    ).toBe(403);
    const approved = await w.api(`program/enrolment-requests/${asked.body.id}/approve`, {
      method: 'POST',
      headers: operator,
    });
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
    const mail = await w.stack.until('the approval email', async () =>
      (await w.stack.inbox(applicant.email)).find((m) => m.subject.includes('Gamma Resellers')),
    );
    expect(mail.text).toContain('approved');
    expect((await w.api(`enrolment-requests/${asked.body.id}`, { headers })).body.status).toBe('approved');
    const profile = await w.api('partner', { headers });
    expect(profile.body).toMatchObject({
      tenantId: applicant.tenantId,
      name: 'Gamma Resellers',
      kind: 'indirectReseller',
      status: 'active',
    });
    // Deciding again the other way is refused; approving again changes nothing.
    expect(
      (
        await w.api(`program/enrolment-requests/${asked.body.id}/reject`, {
          method: 'POST',
          headers: operator,
          json: { reason: 'x' },
        })
      ).body.code,
    ).toBe('already_decided');
    expect(
      (await w.api(`program/enrolment-requests/${asked.body.id}/approve`, { method: 'POST', headers: operator }))
        .status,
    ).toBe(200);
    expect(
      (await w.api('enrolment-requests', { headers, json: identity('Gamma Resellers', '7200001') })).body.code,
    ).toBe('already_enrolled');
    await w.stack.until('one approval email only', async () =>
      (await w.stack.inbox(applicant.email)).length === 1 ? true : undefined,
    );
  });

  it('a rejected applicant is told why and stays outside', async () => {
    const applicant = stranger({ wids: [GLOBAL_ADMINISTRATOR_WID] });
    const headers = await w.as(applicant);
    const asked = await w.api('enrolment-requests', { headers, json: identity('Delta Resellers', '7300001') });
    const rejected = await w.api(`program/enrolment-requests/${asked.body.id}/reject`, {
      method: 'POST',
      headers: operator,
      json: { reason: 'No reseller agreement on file' },
    });
    expect([rejected.status, rejected.body.status, rejected.body.reason]).toEqual([
      200,
      'rejected',
      'No reseller agreement on file',
    ]);
    const mail = await w.stack.until('the rejection email', async () =>
      (await w.stack.inbox(applicant.email)).find((m) => m.subject.includes('Delta Resellers')),
    );
    expect(mail.text).toContain('No reseller agreement on file');
    expect((await w.api(`program/partners/${applicant.tenantId}`, { headers: operator })).status).toBe(404);
  });
});

describe('suspension', () => {
  it('a suspended partner sends nothing, its pending invitation cannot be accepted (declining can), and reinstated it sends again', async () => {
    const ga = await w.partner(contosoDirect, 'GlobalAdmin');
    const customerA = stranger({ wids: [GLOBAL_ADMINISTRATOR_WID] });
    const customerB = stranger({ wids: [GLOBAL_ADMINISTRATOR_WID] });
    const send = (to: { email: string }) =>
      w.api('invitations', { headers: ga, json: { recipientEmail: to.email, includeDelegatedAdmin: false } });
    const [first, second] = [await send(customerA), await send(customerB)];
    expect([first.status, second.status]).toEqual([202, 202]);

    const suspended = await w.api(`program/partners/${contosoDirect.tenantId}/suspend`, {
      method: 'POST',
      headers: operator,
    });
    expect([suspended.status, suspended.body.status]).toEqual([200, 'suspended']);
    const refused = await send(stranger());
    expect([refused.status, refused.body.code]).toEqual([403, 'partner_suspended']);
    // Reading stays open: what it has stays.
    expect((await w.api('invitations', { headers: ga })).status).toBe(200);

    const answer = async (id: string, to: typeof customerA, what: 'accept' | 'decline') => {
      const { token } = await w.linkToken(to.email, id);
      return w.api(`invitations/${id}/${what}`, {
        headers: { ...(await w.as(to)), ...w.origin },
        json: what === 'accept' ? { token, acceptCustomerAgreement: true } : { token },
      });
    };
    const accepted = await answer(first.body.id, customerA, 'accept');
    expect([accepted.status, accepted.body.code]).toEqual([403, 'partner_suspended']);
    expect((await w.api(`invitations/${first.body.id}`, { headers: ga })).body.status).toBe('pending');
    expect((await answer(second.body.id, customerB, 'decline')).status).toBe(200);

    expect(
      (await w.api(`program/partners/${contosoDirect.tenantId}/reinstate`, { method: 'POST', headers: operator })).body
        .status,
    ).toBe('active');
    expect((await send(stranger())).status).toBe(202);
    expect((await answer(first.body.id, customerA, 'accept')).status).toBe(200);
  });

  it('every operator action is in the operator’s and the partner’s audit trails', async () => {
    const partnerTrail = await w.api('audit?pageSize=100', { headers: await w.partner(contosoDirect, 'GlobalAdmin') });
    const operatorTrail = await w.api('audit?pageSize=100', { headers: operator });
    expect(operatorTrail.status).toBe(200);
    for (const action of ['partner.suspended', 'partner.reinstated']) {
      expect(partnerTrail.body.items.map((e: { action: string }) => e.action)).toContain(action);
      expect(operatorTrail.body.items.map((e: { action: string }) => e.action)).toContain(action);
    }
    expect(operatorTrail.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['partner.enrolled', 'enrolment.requested', 'enrolment.approved', 'enrolment.rejected']),
    );
    expect(programOperator.tenantId).toBe(w.stack.env.PROGRAM_OPERATOR_TENANT_ID);
  });
});

describe('the audit log', () => {
  it('a partner-tenant user who is also a directory Global admin, without an admin partner role, may not read it', async () => {
    const helpdeskGa = await w.as({
      tenantId: fabrikamDistribution.tenantId,
      userId: randomUUID(),
      email: 'hd@fabrikam-distribution.example',
      roles: ['HelpdeskAgent'],
      wids: [GLOBAL_ADMINISTRATOR_WID],
      tenantCountry: 'US',
    });
    const res = await w.api('audit', { headers: helpdeskGa });
    expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    expect((await w.api('audit', { headers: await w.partner(fabrikamDistribution, 'AdminAgent') })).status).toBe(200);
    // A customer's Global admin reads its own tenant's trail.
    expect((await w.api('audit', { headers: await w.as(stranger({ wids: [GLOBAL_ADMINISTRATOR_WID] })) })).status).toBe(
      200,
    );
  });
});
