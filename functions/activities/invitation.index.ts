// Registers the invitation activities that write records (emails are in email.index.ts).
import './recordAcceptance';
import './expireInvitation';
