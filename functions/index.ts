// The app's entry (package.json "main"): importing a file registers its functions.
import './http/health';
import './http/openapi';
import './http/getPartner';
import './http/putPartner';
import './http/invitations.index';
import './http/answers.index';
import './http/records.index';
import './http/indirect.index';
import './http/customerCreation.index';
import './activities/email.index';
import './activities/invitation.index';
import './orchestrators/invitation.index';
import './timers/sweep.index';
