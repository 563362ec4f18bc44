import type { ErrorCode } from './errorCodes';

/** A rule's "no": a stable code from the one error table and a detail safe to show the caller. */
export interface Refusal {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly detail: string;
}

/** A rule's "yes", carrying what the rule worked out. */
export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

/** Expected outcomes are data: rules return this instead of throwing. */
export type Result<T> = Accepted<T> | Refusal;

/** Wraps a value as an accepted result. */
export function ok<T>(value: T): Accepted<T> {
  return { ok: true, value };
}

/** Builds a refusal with a code from the error table. */
export function refuse(code: ErrorCode, detail: string): Refusal {
  return { ok: false, code, detail };
}
