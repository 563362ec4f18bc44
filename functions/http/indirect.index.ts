// Registers the indirect channel's endpoints: partnership requests, partnerships, multi-party invitations.
import './requestPartnership';
import './createMultiPartyInvitation';
import './listIndirectResellers';
import './listIndirectProviders';
import './removePartnership';
