import fc from 'fast-check';
import type { Actor, Invitation } from '../../../shared/domain/invitation';
import { transition, type InvitationEvent } from '../../../shared/domain/transition';
import { at, customerAdmin, inviterUser, otherCustomerAdmin, pendingInvitation } from './fixtures';

const actorArb = fc.constantFrom<Actor>(customerAdmin, otherCustomerAdmin, inviterUser);
const eventArb: fc.Arbitrary<InvitationEvent> = fc.oneof(
  fc.record({ type: fc.constant('emailed' as const), sendNumber: fc.integer({ min: 1, max: 4 }) }),
  fc.constant({ type: 'reminded' as const }),
  fc.record({ type: fc.constant('accept' as const), by: actorArb }),
  fc.record({ type: fc.constant('decline' as const), by: actorArb }),
  fc.record({ type: fc.constant('revoke' as const), by: actorArb }),
  fc.constant({ type: 'expire' as const }),
  fc.constant({ type: 'expire' as const, by: 'sweep' as const }),
  fc.constant({ type: 'record' as const }),
);
// Events at non-decreasing times from creation to well past the 30-day deadline.
const historyArb = fc
  .array(fc.tuple(eventArb, fc.double({ min: 0, max: 45, noNaN: true })), { maxLength: 25 })
  .map((steps) => [...steps].sort((a, b) => a[1] - b[1]));

const terminalAnswers = ['accepted', 'declined', 'revoked', 'expired'] as const;
const isTerminal = (t: string) => (terminalAnswers as readonly string[]).includes(t);

function run(steps: [InvitationEvent, number][]): Invitation[] {
  const states = [pendingInvitation({ expiresInDays: 30 })];
  for (const [event, day] of steps) {
    const r = transition(states.at(-1)!, event, at(day));
    if (r.ok) states.push(r.value.invitation);
  }
  return states;
}

describe('transition properties (any sequence of events)', () => {
  it('exactly one terminal answer ever, and status agrees with the timeline', () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        for (const s of run(steps)) {
          const answers = s.timeline.filter((e) => isTerminal(e.type));
          expect(answers.length).toBeLessThanOrEqual(1);
          if (s.status === 'pending') expect(answers).toHaveLength(0);
          else if (s.status === 'recorded') expect(answers[0]?.type).toBe('accepted');
          else expect(answers[0]?.type).toBe(s.status);
        }
      }),
    );
  });

  it('the answer never changes once given, and the timeline is append-only', () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        const states = run(steps);
        for (let i = 1; i < states.length; i++) {
          const [prev, next] = [states[i - 1]!, states[i]!];
          expect(next.timeline.slice(0, prev.timeline.length)).toEqual(prev.timeline);
          if (prev.status !== 'pending') {
            expect(next.answeredAt).toBe(prev.answeredAt);
            expect(next.status === prev.status || (prev.status === 'accepted' && next.status === 'recorded')).toBe(
              true,
            );
          }
        }
      }),
    );
  });

  it('acceptance happens strictly before the deadline; recorded only after accepted, at most once', () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        const last = run(steps).at(-1)!;
        const types = last.timeline.map((e) => e.type);
        const accepted = last.timeline.find((e) => e.type === 'accepted');
        if (accepted) expect(Date.parse(accepted.at)).toBeLessThan(Date.parse(last.expiresAt));
        expect(types.filter((t) => t === 'recorded').length).toBeLessThanOrEqual(1);
        if (types.includes('recorded')) expect(types.indexOf('accepted')).toBeLessThan(types.indexOf('recorded'));
        expect(types.filter((t) => t === 'reminded').length).toBeLessThanOrEqual(1);
        expect(types[0]).toBe('created');
      }),
    );
  });

  it('repeating the event that produced a state changes nothing (idempotent)', () => {
    fc.assert(
      fc.property(historyArb, fc.double({ min: 0, max: 45, noNaN: true }), (steps, later) => {
        let s = pendingInvitation();
        for (const [event, day] of steps) {
          const r = transition(s, event, at(day));
          if (!r.ok || !r.value.changed) continue;
          const again = transition(r.value.invitation, event, at(Math.max(day, later)));
          // Answers repeat safely at any later time; emails and reminders only while still pending.
          if (['accept', 'decline', 'revoke', 'expire', 'record'].includes(event.type)) expect(again.ok).toBe(true);
          if (again.ok) expect(again.value).toEqual({ invitation: r.value.invitation, changed: false });
          s = r.value.invitation;
        }
      }),
    );
  });
});
