// Registers the email functions: each import below is a file that calls app.* once.
import './sendInvitationEmail';
import './sendReminderEmail';
import './notifyInviter';
