import nock from 'nock';
import { EmbeddedDocumentStore } from '../../../src/adapters/embedded/embedded-document-store';
import { DocumentAuditLog } from '../../../src/adapters/store/audit-log';
import { DocumentStaffRepository } from '../../../src/adapters/store/staff-repository';
import {
  createGraphModule,
  type GraphModule,
  type GraphModuleDeps,
} from '../../../src/adapters/graph/graph-module';
import { loadConfig, type GraphSettings } from '../../../src/config';
import type { DocumentStore } from '../../../src/ports/document-store';
import type { Messenger } from '../../../src/ports/messenger';
import { GraphStub, type StubUser } from '../../support/graph-stub';
import { graphStubEnv } from '../../support/graph-stub-env';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CLIENT = '66666666-7777-8888-9999-000000000000';
export const GROUPS = {
  globalAdmins: 'aaaaaaaa-0000-0000-0000-000000000001',
  helpdesk: 'aaaaaaaa-0000-0000-0000-000000000002',
  localNorth: 'aaaaaaaa-0000-0000-0000-000000000003',
  localSouth: 'aaaaaaaa-0000-0000-0000-000000000004',
  atp: 'aaaaaaaa-0000-0000-0000-000000000005',
  mfaPolicy: 'aaaaaaaa-0000-0000-0000-000000000006',
  mfaException: 'aaaaaaaa-0000-0000-0000-000000000007',
};

/** Nothing may leave the machine: only the stub on 127.0.0.1 answers. */
export function guardNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export function releaseNetwork(): void {
  nock.enableNetConnect();
}

/** Settings as loadConfig builds them from GRAPH_* variables pointing at the stub. */
export function stubSettings(stub: GraphStub, extra: Record<string, string> = {}): GraphSettings {
  const config = loadConfig({
    ...graphStubEnv(stub.baseUrl, { tenantId: TENANT, clientId: CLIENT }),
    GRAPH_GROUP_GLOBAL_ADMINS: GROUPS.globalAdmins,
    GRAPH_GROUP_HELPDESK: GROUPS.helpdesk,
    GRAPH_GROUP_LOCAL_ADMINS: `North=${GROUPS.localNorth},South=${GROUPS.localSouth}`,
    GRAPH_GROUP_ATP: GROUPS.atp,
    GRAPH_GROUP_MFA_POLICY: GROUPS.mfaPolicy,
    GRAPH_GROUP_MFA_EXCEPTION: GROUPS.mfaException,
    GRAPH_SYNC_INTERVAL_MINUTES: '0',
    GRAPH_MAX_ATTEMPTS: '4',
    ...extra,
  });
  if (!config.graph) throw new Error('graph settings missing');
  return config.graph;
}

export class FixedClock {
  constructor(public current = new Date('2026-11-23T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface GraphWorld {
  stub: GraphStub;
  store: DocumentStore;
  staff: DocumentStaffRepository;
  audit: DocumentAuditLog;
  clock: FixedClock;
  graph: GraphModule;
  sleeps: number[];
  close(): Promise<void>;
}

export async function createGraphWorld(
  options: {
    store?: DocumentStore;
    extra?: Record<string, string>;
    stub?: GraphStub;
    messenger?: Messenger;
    /** Settings that GRAPH_* variables cannot express, e.g. a sub-second requestTimeoutMs. */
    settings?: Partial<GraphSettings>;
    logger?: GraphModuleDeps['logger'];
  } = {},
): Promise<GraphWorld> {
  const stub = options.stub ?? (await new GraphStub().start());
  for (const id of Object.values(GROUPS)) stub.group(id);
  const store = options.store ?? new EmbeddedDocumentStore({ inMemory: true });
  const staff = new DocumentStaffRepository(store);
  const audit = new DocumentAuditLog(store);
  const clock = new FixedClock();
  const sleeps: number[] = [];
  const graph = createGraphModule(
    { ...stubSettings(stub, options.extra), ...options.settings },
    {
      store,
      staff,
      audit,
      clock,
      logger: options.logger ?? { info: () => undefined, warn: () => undefined, error: () => undefined },
      messenger: options.messenger,
      config: { timezone: 'Europe/London' },
      retry: {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
    },
  );
  return {
    stub,
    store,
    staff,
    audit,
    clock,
    graph,
    sleeps,
    close: async () => {
      await stub.stop();
      await store.close();
    },
  };
}

export function stubUser(i: number, overrides: Partial<StubUser> = {}): StubUser {
  const n = String(i).padStart(5, '0');
  return {
    id: `00000000-0000-4000-8000-0000000${n}`,
    userPrincipalName: `user${n}@example.org`,
    displayName: `User ${n}`,
    companyName: i % 2 === 0 ? 'North' : 'South',
    officeLocation: `Ward ${i % 10}`,
    ...overrides,
  };
}
