// In-memory fakes of the sweep's ports: same contracts as the Cosmos adapters (ETags, day buckets).
import type { Invitation } from '../../shared/domain/invitation';
import { transition } from '../../shared/domain/transition';
import type { InvitationAnsweredEvent } from '../../shared/schemas/orchestration';
import type { OutgoingEmail } from '../../shared/email/sender';
import type { GrantNoticeAudience } from '../../shared/sweep/grantNoticeSend';
import type { OrchestrationState, SweepDeps } from '../../shared/sweep/ports';
import type { AuditEntry } from '../../shared/store/audit';
import { bucketOf, type DueItem, type DueItemStore } from '../../shared/store/dueItems';
import type { GrantDoc } from '../../shared/store/records';

export class Fakes {
  etag = 0;
  due = new Map<string, DueItem>();
  invitations = new Map<string, { doc: Invitation; etag: string }>();
  indexed: Invitation[] = [];
  grants = new Map<string, { doc: GrantDoc; etag: string }>();
  audit = new Map<string, AuditEntry>();
  orchestrations = new Map<string, OrchestrationState>();
  raised: Array<{ id: string; event: InvitationAnsweredEvent }> = [];
  /** Invitation orchestrations the sweep started. */
  started: string[] = [];
  /** Expiry notices started, by invitation id, as the durable adapter keeps them: one instance each. */
  notices = new Set<string>();
  /** Every call to start a notice, with whether the due item was still there at that moment. */
  noticeStarts: Array<{ id: string; itemPresent: boolean }> = [];
  /** Makes the next notice starts throw (a durable client that cannot be reached). */
  failNoticeStarts = 0;
  logs: string[] = [];
  /** Every bucket a dueIn call read (to prove no full scan). */
  bucketsRead: string[] = [];
  failGrantReplace = false;
  /** Emails accepted, one per Operation-Id (as ACS accepts them), and every send call made. */
  emails = new Map<string, OutgoingEmail>();
  sendCalls: string[] = [];
  /** Makes the next sends answer 'deferred' (a used-up quota). */
  deferSends = 0;
  /** The audience of every grant's notices. */
  audience: GrantNoticeAudience = {
    partnerName: 'Contoso',
    customerName: 'Fabrikam',
    partnerContacts: ['ops@contoso.example'],
    customerContact: 'admin@fabrikam.example',
  };
  grantNoticeOffsets: number[] = [30, 7, 1];

  /** The accepted emails to one address, oldest first. */
  inbox(to: string): OutgoingEmail[] {
    return [...this.emails.values()].filter((e) => e.to === to);
  }

  private nextEtag = () => `"${++this.etag}"`;

  dueItems: DueItemStore = {
    put: async (item) => {
      const full = { ...item, id: `${item.kind}:${item.targetId}`, bucket: bucketOf(item.dueAt) };
      this.due.set(`${full.bucket}|${full.id}`, full);
    },
    dueIn: async (bucket, now, pageSize, token) => {
      this.bucketsRead.push(bucket);
      if (this.failBuckets.has(bucket)) throw new Error(`bucket ${bucket} throttled (injected)`);
      const all = [...this.due.values()]
        .filter((i) => i.bucket === bucket && i.dueAt <= now.toISOString())
        .sort((a, b) => a.id.localeCompare(b.id));
      const from = token ? Number(token) : 0;
      const items = all.slice(from, from + pageSize);
      return { items, ...(from + pageSize < all.length ? { continuationToken: String(from + pageSize) } : {}) };
    },
    done: async (item) => {
      this.due.delete(`${item.bucket}|${item.id}`);
    },
    resumeFrom: async () => {
      if (this.failResume) throw new Error('resume point unavailable (injected)');
      return this.resume;
    },
    setResumeFrom: async (bucket) => {
      if (this.failResume || ++this.resumeWrites >= this.failResumeWritesFrom || bucket === this.failResumeWriteOf)
        throw new Error('resume point unavailable (injected)');
      this.resume = bucket;
    },
    oldestDueBucket: async (now) => {
      this.oldestQueries++;
      if (this.failOldest) throw new Error('cross-partition query throttled (injected)');
      const due = [...this.due.values()].filter((i) => i.dueAt <= now.toISOString()).map((i) => i.bucket);
      return due.length ? due.sort()[0] : undefined;
    },
  };
  /** Queries for the oldest due bucket so far; `failOldest` makes them fail. */
  oldestQueries = 0;
  failOldest = false;
  /** Reads of these buckets fail (a query that outlived the SDK's retries). */
  failBuckets = new Set<string>();
  /** The sweep's resume point as stored; `failResume` makes reading and writing it fail. */
  resume: string | undefined;
  failResume = false;
  /** Writes of the resume point so far; from the n-th on they fail. */
  resumeWrites = 0;
  failResumeWritesFrom = Number.POSITIVE_INFINITY;
  /** A write of this bucket as the resume point fails. */
  failResumeWriteOf: string | undefined;

  addInvitation(doc: Invitation): void {
    this.invitations.set(doc.id, { doc, etag: this.nextEtag() });
  }
  addGrant(doc: GrantDoc): void {
    this.grants.set(doc.id, { doc, etag: this.nextEtag() });
  }

  deps(): SweepDeps {
    return {
      dueItems: this.dueItems,
      invitations: {
        get: async (id) => this.invitations.get(id),
        apply: async (id, event, now) => {
          const cur = this.invitations.get(id);
          if (!cur) return undefined;
          const r = transition(cur.doc, event, now);
          if (r.ok && r.value.changed) this.invitations.set(id, { doc: r.value.invitation, etag: this.nextEtag() });
          return r;
        },
      },
      index: {
        put: async (i) => void this.indexed.push(i),
        status: async (i) => this.indexed.findLast((x) => x.id === i.id)?.status,
      },
      records: {
        grant: async (customer, id) => {
          const g = this.grants.get(id);
          return g && g.doc.customerTenantId === customer ? g : undefined;
        },
        replaceGrant: async (g, etag) => {
          const cur = this.grants.get(g.id);
          if (this.failGrantReplace || !cur || cur.etag !== etag) return 'conflict';
          this.grants.set(g.id, { doc: g, etag: this.nextEtag() });
          return 'done';
        },
      },
      audit: {
        has: async (tenantId, key) => this.audit.has(`${tenantId}|${key}`),
        append: async (tenants, entry, key) => {
          for (const tenantId of tenants) {
            const id = key ?? String(this.audit.size);
            if (!this.audit.has(`${tenantId}|${id}`)) this.audit.set(`${tenantId}|${id}`, { ...entry, id, tenantId });
          }
        },
      },
      orchestrations: {
        state: async (id) => this.orchestrations.get(id) ?? 'missing',
        startInvitation: async (i) => {
          this.started.push(i.id);
          if (!this.orchestrations.has(i.id)) this.orchestrations.set(i.id, 'running');
        },
        raiseAnswered: async (id, event) => {
          if (!this.orchestrations.has(id)) return 'missing';
          this.raised.push({ id, event });
          return 'raised';
        },
      },
      notices: {
        startExpiryNotice: async (id) => {
          this.noticeStarts.push({
            id,
            itemPresent: [...this.due.values()].some((i) => i.kind === 'invitationDeadline' && i.targetId === id),
          });
          if (this.failNoticeStarts > 0) {
            this.failNoticeStarts--;
            throw new Error('durable client unreachable');
          }
          if (this.notices.has(id)) return 'exists';
          this.notices.add(id);
          return 'started';
        },
      },
      grantNotices: {
        email: {
          send: async (e) => {
            this.sendCalls.push(e.operationId);
            if (this.deferSends > 0) {
              this.deferSends--;
              return { outcome: 'deferred', retryAfterSeconds: 60 };
            }
            if (this.emails.has(e.operationId)) return { outcome: 'alreadySent' };
            this.emails.set(e.operationId, e);
            return { outcome: 'sent' };
          },
        },
        contacts: { of: async () => this.audience },
        offsets: this.grantNoticeOffsets,
      },
      log: (m) => void this.logs.push(m),
    };
  }
}
