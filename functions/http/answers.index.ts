// Registers the answers functions: each import below is a file that calls app.* once.
import './invitationLanding';
import './landingAssets';
import './signinReturn';
import './acceptInvitation';
import './declineInvitation';
