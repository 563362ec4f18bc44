import type { Invitation } from '../domain/invitation';

/** The answer as the caller sees it: never the token, never other people's details. */
export interface AnswerView {
  invitationId: string;
  status: 'accepted' | 'declined';
  answeredAt: string;
  partner: { name: string };
}

/** The response body of an answer; a repeat gets the same body as the first answer. */
export function answerView(invitation: Invitation, status: AnswerView['status'], partnerName: string): AnswerView {
  return {
    invitationId: invitation.id,
    status,
    answeredAt: invitation.answeredAt ?? invitation.createdAt,
    partner: { name: partnerName },
  };
}
