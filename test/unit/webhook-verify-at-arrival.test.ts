// The soak checks deliveries at the end of a run, which may be long after they arrived: the
// receiver helper verifies them as the receiver would have on arrival (soak seed 11596 refused
// deliveries of its first minutes as "Message timestamp too old" otherwise).
import { Webhook } from 'standardwebhooks';
import { verifyDelivery } from '../support/webhookReceiver';

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

it('verifies a delivery as of its arrival; checked 10 minutes later without that, it is refused as too old', () => {
  const sentAt = new Date(Date.now() - 10 * 60_000);
  const body = JSON.stringify({ id: 'evt_1', type: 'invitation.created' });
  const signature = new Webhook(secret).sign('evt_1', sentAt, body);
  const r = {
    path: '/hook',
    body,
    at: sentAt.getTime() + 50,
    status: 204,
    headers: {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
  expect(verifyDelivery(secret, r, { atArrival: true })).toMatchObject({ id: 'evt_1' });
  expect(() => verifyDelivery(secret, r)).toThrow('Message timestamp too old');
  expect(() => verifyDelivery(`whsec_${Buffer.alloc(32, 8).toString('base64')}`, r, { atArrival: true })).toThrow();
  expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1000); // the clock is put back
});
