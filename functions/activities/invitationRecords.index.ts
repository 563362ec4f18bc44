// Registers the invitation activities that write records (emails are in email.index.ts). Each entry
// is the activity's name and a loader: its module loads, and its handler is wired to the stores, on
// the first call (see ../register.ts).
import { activity } from '../register';
import { activities } from '../names';

activity(activities.recordAcceptance, async () => (await import('./recordAcceptance.js')).recordAcceptanceHandler());
activity(activities.expireInvitation, async () => (await import('./expireInvitation.js')).expireInvitationHandler());
