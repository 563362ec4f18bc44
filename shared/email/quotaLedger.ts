/** The send slots granted so far under the email quota, as one version of a shared record. */
export interface QuotaLedgerState {
  slots: number[];
  /**
   * Slots held for sends the pacer put off (a notice or reminder whose slot was too far away), by
   * the send's key (its ACS Operation-Id): the retry finds its slot here. Each is also in `slots`.
   */
  holds?: Record<string, number>;
  /** The version read; absent when nobody has granted a slot yet. */
  etag?: string;
}

/**
 * Port: where every instance of the app records the email send slots it takes, so the ACS quota
 * (which counts per ACS resource, not per instance) is kept by the app as a whole.
 */
export interface QuotaLedger {
  read(): Promise<QuotaLedgerState>;
  /**
   * Writes `slots` (and `holds`) over the version `etag` (creates it when absent); the new version,
   * or 'conflict' when another writer came first.
   */
  write(slots: number[], etag: string | undefined, holds?: Record<string, number>): Promise<string | 'conflict'>;
}

/** A ledger in this process's memory, with the same version checks: one process, or a test's several "instances". */
export function memoryQuotaLedger(): QuotaLedger {
  let state: { slots: number[]; holds?: Record<string, number>; version: number } | undefined;
  return {
    async read() {
      return state
        ? {
            slots: [...state.slots],
            ...(state.holds ? { holds: { ...state.holds } } : {}),
            etag: String(state.version),
          }
        : { slots: [] };
    },
    async write(slots, etag, holds) {
      if (etag !== (state ? String(state.version) : undefined)) return 'conflict';
      state = {
        slots: [...slots],
        ...(holds && Object.keys(holds).length > 0 ? { holds: { ...holds } } : {}),
        version: (state?.version ?? 0) + 1,
      };
      return String(state.version);
    },
  };
}
