import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** One accepted email as the dev inbox shows it. */
export interface StoredMessage {
  readonly id: string;
  readonly operationId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly links: readonly string[];
  readonly receivedAt: string;
}

/** A send operation. It is indexed by its lower-cased id so GUID case cannot split one operation in two. */
export interface OperationRecord {
  readonly id: string;
  readonly messageId: string;
}

export interface MessageFilter {
  /** A recipient address (to, cc or bcc), compared case-insensitively. */
  readonly to?: string;
}

export interface MessageStore {
  /** Stores the message unless the operation id was seen; returns the operation either way. */
  accept(
    operationId: string,
    build: (messageId: string) => StoredMessage,
  ): { operation: OperationRecord; created: boolean };
  operation(id: string): OperationRecord | undefined;
  /** Newest first. */
  list(filter?: MessageFilter): StoredMessage[];
  /** Empties the inbox. Operations are kept: dedupe is the service's memory, not the mailbox's. */
  clearMessages(): void;
}

interface Snapshot {
  readonly version: 1;
  readonly messages: StoredMessage[];
  readonly operations: OperationRecord[];
}

/** In-memory store, optionally mirrored to a JSON file so messages and dedupe survive a restart. */
export function createMessageStore(dataFile?: string): MessageStore {
  const initial = dataFile ? load(dataFile) : { version: 1 as const, messages: [], operations: [] };
  let messages: StoredMessage[] = [...initial.messages];
  const operations = new Map(initial.operations.map((op) => [op.id.toLowerCase(), op]));

  const persist = (): void => {
    if (!dataFile) return;
    const snapshot: Snapshot = { version: 1, messages, operations: [...operations.values()] };
    // Write-then-rename: a crash mid-write leaves the previous file intact, never a torn one.
    const temp = `${dataFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(snapshot));
    renameSync(temp, dataFile);
  };

  return {
    accept(operationId, build) {
      const existing = operations.get(operationId.toLowerCase());
      if (existing) return { operation: existing, created: false };
      const message = build(randomUUID());
      const operation: OperationRecord = { id: operationId, messageId: message.id };
      messages.push(message);
      operations.set(operationId.toLowerCase(), operation);
      persist();
      return { operation, created: true };
    },
    operation(id) {
      return operations.get(id.toLowerCase());
    },
    list(filter) {
      const wanted = filter?.to?.trim().toLowerCase();
      const matches = wanted
        ? messages.filter((m) => [...m.to, ...m.cc, ...m.bcc].some((a) => a.toLowerCase() === wanted))
        : messages;
      return [...matches].reverse();
    },
    clearMessages() {
      messages = [];
      persist();
    },
  };
}

function load(dataFile: string): Snapshot {
  if (!existsSync(dataFile)) return { version: 1, messages: [], operations: [] };
  try {
    const parsed = JSON.parse(readFileSync(dataFile, 'utf8')) as Partial<Snapshot>;
    if (parsed.version !== 1 || !Array.isArray(parsed.messages) || !Array.isArray(parsed.operations)) {
      throw new Error('unexpected shape');
    }
    return parsed as Snapshot;
  } catch (error) {
    // Failing loudly beats silently starting empty and losing the dev's mail.
    throw new Error(
      `Email sink data file ${dataFile} is unreadable (${(error as Error).message}); delete it to start empty.`,
    );
  }
}
