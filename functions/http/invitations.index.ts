// Registers the inviter's invitation endpoints.
import './createInvitation';
import './draftInvitation';
import './listInvitations';
import './getInvitation';
import './resendInvitation';
import './revokeInvitation';
