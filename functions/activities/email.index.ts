// Registers the email activities. Each entry is the activity's name and a loader: its module loads,
// and its handler is wired to the stores, on the first call (see ../register.ts).
import { activity } from '../register';
import { activities } from '../names';

activity(activities.sendInvitationEmail, async () =>
  (await import('./sendInvitationEmail.js')).sendInvitationEmailHandler(),
);
activity(activities.sendReminderEmail, async () => (await import('./sendReminderEmail.js')).sendReminderEmailHandler());
activity(activities.notifyApplicant, async () => (await import('./notifyApplicant.js')).notifyApplicantHandler());
activity(activities.notifyInviter, async () => (await import('./notifyInviter.js')).notifyInviterHandler());
