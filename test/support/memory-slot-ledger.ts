import { EmbeddedDocumentStore } from '../../src/adapters/embedded/embedded-document-store';
import { DocumentSlotLedger } from '../../src/adapters/store/slot-ledger';

/** The real slot ledger over an in-memory embedded store: one bot instance's shared budget in unit tests. */
export function memorySlotLedger(): DocumentSlotLedger {
  return new DocumentSlotLedger(new EmbeddedDocumentStore({ inMemory: true }));
}
