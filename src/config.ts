import { z } from 'zod';

/**
 * Every setting the bot reads, validated once at start-up.
 * Nothing else in the code base reads process.env (an ESLint rule enforces it).
 */
const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim().length > 0 ? v.trim() : undefined));

const httpsUrl = optionalString.refine((v) => v === undefined || /^https:\/\/[^\s/]+/.test(v), {
  message: 'must be an https:// link',
});

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

const boolFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');
/** As boolFlag, but on unless set to false or 0. */
const boolFlagOn = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v !== 'false' && v !== '0');

/** https, or http on this machine only (the test stub); never credentials in the link. */
const graphUrl = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .refine((v) => /^https:\/\/[^\s/@]+$/.test(v) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(v), {
    message: 'must be an https:// host such as https://graph.microsoft.com (http only for 127.0.0.1)',
  });

const graphGroupId = optionalString.refine((v) => v === undefined || GUID.test(v), {
  message: 'must be the group object id (a GUID)',
});

/** `North Trust=<guid>,South Trust=<guid>` -> { 'North Trust': '<guid>', ... }; undefined when malformed. */
export function parseOrgGroups(value: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)) {
    const at = part.lastIndexOf('=');
    const org = part.slice(0, at).trim();
    const id = part.slice(at + 1).trim();
    if (at <= 0 || org.length === 0 || !GUID.test(id)) return undefined;
    out[org] = id;
  }
  return out;
}

/** Every setting and its own rules; the cross-field rules are added below (configSchema). */
const settingsShape = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  METRICS_PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  METRICS_HOST: z.string().default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  MICROSOFT_APP_ID: z.string().default(''),
  MICROSOFT_APP_PASSWORD: z.string().default(''),
  MICROSOFT_APP_TENANT_ID: z.string().default(''),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MONGODB_URL: optionalString.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'must start with mongodb:// or mongodb+srv://',
  }),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -')
    .default('mfa_enrolment_bot'),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  DATA_DIR: z.string().min(1).default('./data'),
  ALLOWED_TENANT_IDS: csv,
  TIMEZONE: z
    .string()
    .default('Europe/London')
    .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/London' }),
  ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || decodeKey(v) !== undefined, {
    message: 'must be 32 bytes as 64 hex characters or base64 (generate one with: openssl rand -hex 32)',
  }),
  ENCRYPTION_KEY_PREVIOUS: optionalString,
  HELPDESK_EMAIL: z.string().email('must be an email address').default('helpdesk@example.org'),
  HELPDESK_CONVERSATION: optionalString,
  ORGANISATION_NAME: z.string().min(1).max(60).default('Example NHS Trust'),
  MFA_DEADLINE: optionalString.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO date such as 2026-12-01T17:00:00',
  }),
  LEARN_MORE_URL: optionalString.refine((v) => v === undefined || /^https:\/\//.test(v), {
    message: 'must be an https:// link',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  OTP_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  NOTIFY_API_KEY: optionalString,
  NOTIFY_SMS_TEMPLATE_ID: optionalString,
  NOTIFY_EMAIL_TEMPLATE_ID: optionalString,
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  PUBLIC_BASE_URL: optionalString,
  DEV_FILE_WATCH: boolFlag,
  TEAMS_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(50),
  TEAMS_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  TEAMS_SEND_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(1_000),
  TEAMS_SEND_MAX_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).default(30_000),
  TEAMS_SEND_THREAD: boolFlagOn,
  TEAMS_SERVICE_URL_HOSTS: csv,
  TEAMS_APP_CATALOG_ID: optionalString.refine((v) => v === undefined || GUID.test(v), {
    message:
      "must be the app's id in the tenant app catalogue (a GUID; docs/operations.md says how to find it)",
  }),
  TEAMS_SERVICE_URL: z
    .string()
    .trim()
    .refine(
      (v) => /^https:\/\/[^\s/@]+(\/\S*)?$/.test(v) || /^http:\/\/127\.0\.0\.1(:\d+)?(\/\S*)?$/.test(v),
      {
        message:
          'must be an https:// link such as https://smba.trafficmanager.net/teams/ (http only for 127.0.0.1)',
      },
    )
    .transform((v) => (v.endsWith('/') ? v : `${v}/`))
    .default('https://smba.trafficmanager.net/teams/'),
  TEAMS_INSTALL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100).default(10),
  CAMPAIGN_WORKER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  CAMPAIGN_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(300_000),
  CAMPAIGN_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  BULK_RESUME_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(400),
  TICKET_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  CAMPAIGN_SEND_WINDOW: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 09:00-17:00')
    .refine((v) => v.slice(0, 5) < v.slice(6), { message: 'the end must be later than the start' })
    .default('09:00-17:00'),
  CAMPAIGN_SEND_DAYS: z
    .string()
    .regex(/^[1-7](,[1-7])*$/, 'must be ISO weekday numbers such as 1,2,3,4,5 (1 = Monday)')
    .default('1,2,3,4,5'),
  CAMPAIGN_REMINDER_OFFSETS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be days before the deadline such as 14,7,3,1,0')
    .default('14,7,3,1,0'),
  APP_NAME_SHORT: z
    .string()
    .trim()
    .min(1)
    .max(30, 'must be at most 30 characters (Teams limit)')
    .default('MFA Helper'),
  APP_NAME_FULL: optionalString.refine((v) => v === undefined || v.length <= 100, {
    message: 'must be at most 100 characters (Teams limit)',
  }),
  APP_DEVELOPER_NAME: optionalString.refine((v) => v === undefined || v.length <= 32, {
    message: 'must be at most 32 characters (Teams limit)',
  }),
  APP_WEBSITE_URL: httpsUrl,
  APP_PRIVACY_URL: httpsUrl,
  APP_TERMS_URL: httpsUrl,
  TEAMS_APP_ID: optionalString.refine((v) => v === undefined || GUID.test(v), {
    message: 'must be a GUID',
  }),
  APP_PACKAGE_VERSION: optionalString.refine((v) => v === undefined || /^\d+\.\d+\.\d+$/.test(v), {
    message: 'must be a version such as 1.2.3',
  }),
  APP_VALID_DOMAINS: csv,
  APP_ACCENT_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #005EB8')
    .default('#005EB8'),
  GRAPH_TENANT_ID: optionalString.refine((v) => v === undefined || GUID.test(v), {
    message: 'must be a GUID',
  }),
  GRAPH_CLIENT_ID: optionalString.refine((v) => v === undefined || GUID.test(v), {
    message: 'must be a GUID',
  }),
  GRAPH_CLIENT_SECRET: optionalString,
  GRAPH_CERTIFICATE_PATH: optionalString,
  GRAPH_CERTIFICATE_THUMBPRINT: optionalString.refine(
    (v) => v === undefined || /^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$/.test(v),
    {
      message: 'must be the certificate thumbprint: 40 (SHA-1) or 64 (SHA-256) hex characters',
    },
  ),
  GRAPH_BASE_URL: graphUrl.default('https://graph.microsoft.com'),
  GRAPH_AUTHORITY_HOST: graphUrl.default('https://login.microsoftonline.com'),
  GRAPH_GROUP_GLOBAL_ADMINS: graphGroupId,
  GRAPH_GROUP_HELPDESK: graphGroupId,
  GRAPH_GROUP_LOCAL_ADMINS: optionalString.refine((v) => v === undefined || parseOrgGroups(v) !== undefined, {
    message: 'must be a comma list of organisation=groupId, such as North Trust=<guid>,South Trust=<guid>',
  }),
  GRAPH_GROUP_ATP: graphGroupId,
  GRAPH_GROUP_MFA_POLICY: graphGroupId,
  GRAPH_GROUP_MFA_EXCEPTION: graphGroupId,
  GRAPH_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  GRAPH_TAP_LIFETIME_MINUTES: z.coerce.number().int().min(0).max(43_200).default(0),
  GRAPH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  GRAPH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(30),
  ENROLMENT_MODE: z.enum(['entra', 'practice', '']).optional(),
  ENTRA_CONFIRM_TRIES: z.coerce.number().int().min(1).max(10).default(3),
  ENTRA_CONFIRM_INTERVAL_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
  ENTRA_RECHECK_MINUTES: z
    .string()
    .regex(/^\d{1,4}(,\d{1,4})*$/, 'must be minutes after "I\'ve done it" such as 2,5,15,60')
    .default('2,5,15,60'),
  GRAPH_OATH_TOKENS: boolFlag,
  GRAPH_METHODS_FOR_ADMIN_ROLES: boolFlag,
  TAP_LIFETIME_MINUTES: z.coerce.number().int().min(10).max(43_200).default(60),
  TAP_USABLE_ONCE: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v !== 'false' && v !== '0'),
  GRAPH_GROUP_TAP_SELF_SERVICE: graphGroupId,
});

export const configSchema = settingsShape.superRefine(
  (c, ctx) => {
    if (c.NODE_ENV === 'production') {
      if (!c.MICROSOFT_APP_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['MICROSOFT_APP_ID'],
          message: 'is required in production (authentication cannot be switched off there)',
        });
      }
      if (!c.ENCRYPTION_KEY) {
        ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY'], message: 'is required in production' });
      }
    }
    if (c.MICROSOFT_APP_ID && !c.MICROSOFT_APP_PASSWORD && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'is required when MICROSOFT_APP_ID is set',
      });
    }
    if (c.MICROSOFT_APP_TYPE === 'SingleTenant' && !c.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TENANT_ID'],
        message: 'is required when MICROSOFT_APP_TYPE is SingleTenant',
      });
    }
    if (c.NOTIFY_API_KEY && !c.NOTIFY_SMS_TEMPLATE_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_SMS_TEMPLATE_ID'],
        message: 'is required when NOTIFY_API_KEY is set',
      });
    }
    campaignChecks(c, ctx);
    graphChecks(c, ctx);
    enrolmentChecks(c, ctx);
    // `when`: run these cross-field checks even when other settings failed, so one message names every problem.
  },
  { when: () => true },
);

export type RawConfig = z.infer<typeof configSchema>;

/**
 * A claimed reminder can wait up to CAMPAIGN_BATCH_SIZE / TEAMS_SEND_RATE_PER_SECOND seconds for the rate
 * limiter; its lease must outlast that (twice, for slow answers), or it is given up before it is sent.
 */
function campaignChecks(
  c: Partial<Pick<RawConfig, 'CAMPAIGN_LEASE_MS' | 'CAMPAIGN_BATCH_SIZE' | 'TEAMS_SEND_RATE_PER_SECOND'>>,
  ctx: z.RefinementCtx,
): void {
  const { CAMPAIGN_LEASE_MS: lease, CAMPAIGN_BATCH_SIZE: batch, TEAMS_SEND_RATE_PER_SECOND: rate } = c;
  if (typeof lease !== 'number' || typeof batch !== 'number' || typeof rate !== 'number') return;
  const needed = Math.ceil((2 * 1000 * batch) / rate);
  if (lease < needed)
    ctx.addIssue({
      code: 'custom',
      path: ['CAMPAIGN_LEASE_MS'],
      message: `must be at least ${needed} (twice CAMPAIGN_BATCH_SIZE / TEAMS_SEND_RATE_PER_SECOND seconds: a claimed reminder waits that long for its turn to be sent)`,
    });
}

export interface Config {
  port: number;
  host: string;
  /** GET /metrics on its own port (0 = any free one, for tests); undefined = not served. */
  metrics?: { port: number; host: string };
  env: 'development' | 'test' | 'production';
  app: {
    id: string;
    password: string;
    tenantId: string;
    type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  authEnabled: boolean;
  mongo?: { url: string; db: string; serverSelectionTimeoutMs: number };
  dataDir: string;
  allowedTenantIds: string[];
  timezone: string;
  encryptionKey?: Buffer;
  previousEncryptionKeys: Buffer[];
  helpdeskEmail: string;
  helpdeskConversation?: string;
  organisationName: string;
  deadline?: Date;
  learnMoreUrl?: string;
  logLevel: RawConfig['LOG_LEVEL'];
  otp: { maxAttempts: number; lockoutMinutes: number };
  notify?: { apiKey: string; smsTemplateId: string };
  /**
   * Reminder emails for people not reachable in Teams (NOTIFY_EMAIL_TEMPLATE_ID set): through Notify with
   * `apiKey`, else (outside production) the development outbox DATA_DIR/outbox/email.log.
   */
  emailReminders?: { templateId: string; apiKey?: string };
  maxBodyBytes: number;
  shutdownGraceMs: number;
  publicBaseUrl?: string;
  devFileWatch: boolean;
  /** A bulk change with no progress for this long was cut short by a crash: its admin's Confirm resumes it. */
  bulkResumeAfterSeconds: number;
  /** Days audit records and closed tickets are kept (0 = for ever); enforced by the sweeper. */
  retention: { auditDays: number; closedTicketDays: number };
  /** Proactive Teams sends (adapters/teams): per-tenant rate and retry policy. */
  teamsSend: {
    /**
     * Hosts a proactive send may go to (the conversation reference's serviceUrl); empty = the Teams defaults
     * (src/adapters/teams/service-url-allowlist.ts). Loopback hosts are added outside production.
     */
    serviceUrlHosts: string[];
    ratePerSecond: number;
    /** Sends' HTTP calls on a thread of their own (src/adapters/teams/sender-thread.ts). */
    thread: boolean;
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    maxRetryAfterMs: number;
  };
  /**
   * Reaching people who never opened the bot: proactive install through Graph (on when `catalogAppId` and
   * Graph are set), at `installRatePerSecond` for the tenant; conversations built from a chat id use
   * `serviceUrl` unless a stored conversation of the tenant shows another.
   */
  reach: {
    catalogAppId?: string;
    proactiveInstall: boolean;
    serviceUrl: string;
    installRatePerSecond: number;
  };
  /** Reminder campaigns: worker cadence, outbox lease, default sending window and reminder offsets. */
  campaigns: {
    workerIntervalMs: number;
    leaseMs: number;
    batchSize: number;
    sendWindow: { start: string; end: string; days: number[] };
    reminderOffsetsDays: number[];
  };
  /** The Teams app package (npm run package): names, links and ids written into manifest.json. */
  teamsApp: {
    nameShort: string;
    nameFull: string;
    developerName: string;
    websiteUrl: string;
    privacyUrl: string;
    termsUrl: string;
    /** The manifest id; the bot's app id when not set. */
    appId?: string;
    packageVersion?: string;
    /** Extra validDomains; the hosts of PUBLIC_BASE_URL and the website are always added. */
    validDomains: string[];
    accentColor: string;
  };
  /** Microsoft Graph (adapters/graph): off unless GRAPH_TENANT_ID and GRAPH_CLIENT_ID are set. */
  graph?: GraphSettings;
  enrolment: EnrolmentSettings;
}

/**
 * How enrolment ends. 'entra': methods are registered in Microsoft Entra ID (through Graph) and "done" is
 * said only after reading them back. 'practice': no Graph, a labelled practice run that never counts.
 */
export interface EnrolmentSettings {
  mode: 'entra' | 'practice';
  /** Reads of Entra after "I've done it", this far apart, before handing over to the background check. */
  confirmTries: number;
  confirmIntervalMs: number;
  /** Background re-checks, in minutes after "I've done it", until Entra shows the method. */
  recheckMinutes: number[];
  /** Offer "codes from the app" as an Entra hardware OATH token (Graph beta; tenant must allow it). */
  oathTokens: boolean;
  /** Whether the bot may write methods for people with an admin role (they register on Security info). */
  writeForAdminRoles: boolean;
  /** Temporary Access Passes issued by the helpdesk (`tap`) or, for one Entra group, by the person. */
  accessPass: { lifetimeMinutes: number; usableOnce: boolean; selfServiceGroup?: string };
}

export type GraphCredential =
  { kind: 'secret'; secret: string } | { kind: 'certificate'; path: string; thumbprint: string };

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  baseUrl: string;
  authorityHost: string;
  groups: {
    globalAdmins?: string;
    helpdesk?: string;
    /** organisation -> group id */
    localAdmins: Record<string, string>;
    atp?: string;
    mfaPolicy?: string;
    mfaException?: string;
  };
  /** 0 = no scheduled sync (npm run sync only). */
  syncIntervalMinutes: number;
  /** 0 = no Temporary Access Pass on re-enrol. */
  tapLifetimeMinutes: number;
  /** Attempts per Graph request (throttling and transient failures), at least 1. */
  maxAttempts: number;
  /** How long one attempt of a Graph request may take before it is abandoned (Graph allows up to 60 s). */
  requestTimeoutMs: number;
}

/** Thrown when settings are invalid; the message names every bad setting. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    ...(c.METRICS_PORT !== undefined ? { metrics: { port: c.METRICS_PORT, host: c.METRICS_HOST } } : {}),
    env: c.NODE_ENV,
    app: {
      id: c.MICROSOFT_APP_ID,
      password: c.MICROSOFT_APP_PASSWORD,
      tenantId: c.MICROSOFT_APP_TENANT_ID,
      type: c.MICROSOFT_APP_TYPE,
    },
    authEnabled: c.MICROSOFT_APP_ID.length > 0,
    mongo: c.MONGODB_URL
      ? {
          url: c.MONGODB_URL,
          db: c.MONGODB_DB,
          serverSelectionTimeoutMs: c.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
        }
      : undefined,
    dataDir: c.DATA_DIR,
    allowedTenantIds: c.ALLOWED_TENANT_IDS,
    timezone: c.TIMEZONE,
    encryptionKey: c.ENCRYPTION_KEY ? decodeKey(c.ENCRYPTION_KEY) : undefined,
    previousEncryptionKeys: (c.ENCRYPTION_KEY_PREVIOUS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .map((k) => decodeKey(k))
      .filter((k): k is Buffer => k !== undefined),
    helpdeskEmail: c.HELPDESK_EMAIL,
    helpdeskConversation: c.HELPDESK_CONVERSATION,
    organisationName: c.ORGANISATION_NAME,
    deadline: c.MFA_DEADLINE ? new Date(c.MFA_DEADLINE) : undefined,
    learnMoreUrl: c.LEARN_MORE_URL,
    logLevel: c.LOG_LEVEL,
    otp: { maxAttempts: c.OTP_MAX_ATTEMPTS, lockoutMinutes: c.OTP_LOCKOUT_MINUTES },
    notify:
      c.NOTIFY_API_KEY && c.NOTIFY_SMS_TEMPLATE_ID
        ? { apiKey: c.NOTIFY_API_KEY, smsTemplateId: c.NOTIFY_SMS_TEMPLATE_ID }
        : undefined,
    emailReminders: c.NOTIFY_EMAIL_TEMPLATE_ID
      ? { templateId: c.NOTIFY_EMAIL_TEMPLATE_ID, apiKey: c.NOTIFY_API_KEY }
      : undefined,
    maxBodyBytes: c.MAX_BODY_BYTES,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    publicBaseUrl: c.PUBLIC_BASE_URL,
    devFileWatch: c.DEV_FILE_WATCH,
    bulkResumeAfterSeconds: c.BULK_RESUME_AFTER_SECONDS,
    retention: { auditDays: c.AUDIT_RETENTION_DAYS, closedTicketDays: c.TICKET_RETENTION_DAYS },
    teamsSend: {
      serviceUrlHosts: c.TEAMS_SERVICE_URL_HOSTS,
      ratePerSecond: c.TEAMS_SEND_RATE_PER_SECOND,
      maxAttempts: c.TEAMS_SEND_MAX_ATTEMPTS,
      baseDelayMs: c.TEAMS_SEND_BACKOFF_MS,
      maxDelayMs: c.TEAMS_SEND_MAX_BACKOFF_MS,
      // A Retry-After longer than this gives up the attempt (the outbox tries again later).
      maxRetryAfterMs: 60_000,
      thread: c.TEAMS_SEND_THREAD,
    },
    campaigns: {
      workerIntervalMs: c.CAMPAIGN_WORKER_INTERVAL_MS,
      leaseMs: c.CAMPAIGN_LEASE_MS,
      batchSize: c.CAMPAIGN_BATCH_SIZE,
      sendWindow: {
        start: c.CAMPAIGN_SEND_WINDOW.slice(0, 5),
        end: c.CAMPAIGN_SEND_WINDOW.slice(6),
        days: [...new Set(c.CAMPAIGN_SEND_DAYS.split(',').map(Number))],
      },
      reminderOffsetsDays: [...new Set(c.CAMPAIGN_REMINDER_OFFSETS.split(',').map(Number))],
    },
    reach: {
      catalogAppId: c.TEAMS_APP_CATALOG_ID,
      proactiveInstall: Boolean(c.TEAMS_APP_CATALOG_ID && c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID),
      serviceUrl: c.TEAMS_SERVICE_URL,
      installRatePerSecond: c.TEAMS_INSTALL_RATE_PER_SECOND,
    },
    teamsApp: teamsAppSettings(c),
    graph: graphSettings(c),
    enrolment: enrolmentSettings(c),
  };
}

function enrolmentSettings(c: RawConfig): EnrolmentSettings {
  const graph = Boolean(c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID);
  return {
    mode: c.ENROLMENT_MODE === 'practice' || !graph ? 'practice' : 'entra',
    confirmTries: c.ENTRA_CONFIRM_TRIES,
    confirmIntervalMs: c.ENTRA_CONFIRM_INTERVAL_MS,
    recheckMinutes: [...new Set(c.ENTRA_RECHECK_MINUTES.split(',').map(Number))].sort((a, b) => a - b),
    oathTokens: c.GRAPH_OATH_TOKENS,
    writeForAdminRoles: c.GRAPH_METHODS_FOR_ADMIN_ROLES,
    accessPass: {
      lifetimeMinutes: c.TAP_LIFETIME_MINUTES,
      usableOnce: c.TAP_USABLE_ONCE,
      selfServiceGroup: c.GRAPH_GROUP_TAP_SELF_SERVICE,
    },
  };
}

/**
 * Enrolment must end in a method Entra uses: production without Graph runs only when practice mode was
 * chosen on purpose, and 'entra' needs Graph.
 */
function enrolmentChecks(c: RawConfig, ctx: z.RefinementCtx): void {
  const graph = Boolean(c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID);
  if (c.ENROLMENT_MODE === 'entra' && !graph)
    ctx.addIssue({
      code: 'custom',
      path: ['ENROLMENT_MODE'],
      message: 'entra needs Microsoft Graph: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a credential',
    });
  if (c.NODE_ENV === 'production' && !graph && c.ENROLMENT_MODE !== 'practice')
    ctx.addIssue({
      code: 'custom',
      path: ['ENROLMENT_MODE'],
      message:
        'production without Microsoft Graph registers nothing in Entra ID: configure GRAPH_* (see docs/operations.md), or set ENROLMENT_MODE=practice on purpose for a practice-only bot',
    });
}

function graphSettings(c: RawConfig): GraphSettings | undefined {
  if (!c.GRAPH_TENANT_ID || !c.GRAPH_CLIENT_ID) return undefined;
  const credential: GraphCredential = c.GRAPH_CERTIFICATE_PATH
    ? {
        kind: 'certificate',
        path: c.GRAPH_CERTIFICATE_PATH,
        thumbprint: c.GRAPH_CERTIFICATE_THUMBPRINT ?? '',
      }
    : { kind: 'secret', secret: c.GRAPH_CLIENT_SECRET ?? '' };
  return {
    tenantId: c.GRAPH_TENANT_ID,
    clientId: c.GRAPH_CLIENT_ID,
    credential,
    baseUrl: c.GRAPH_BASE_URL,
    authorityHost: c.GRAPH_AUTHORITY_HOST,
    groups: {
      globalAdmins: c.GRAPH_GROUP_GLOBAL_ADMINS,
      helpdesk: c.GRAPH_GROUP_HELPDESK,
      localAdmins: c.GRAPH_GROUP_LOCAL_ADMINS ? (parseOrgGroups(c.GRAPH_GROUP_LOCAL_ADMINS) ?? {}) : {},
      atp: c.GRAPH_GROUP_ATP,
      mfaPolicy: c.GRAPH_GROUP_MFA_POLICY,
      mfaException: c.GRAPH_GROUP_MFA_EXCEPTION,
    },
    syncIntervalMinutes: c.GRAPH_SYNC_INTERVAL_MINUTES,
    tapLifetimeMinutes: c.GRAPH_TAP_LIFETIME_MINUTES,
    maxAttempts: c.GRAPH_MAX_ATTEMPTS,
    requestTimeoutMs: c.GRAPH_TIMEOUT_SECONDS * 1000,
  };
}

/** Graph is all or nothing: tenant + client id + exactly one credential; TAP lifetime within Entra's limits. */
function graphChecks(c: RawConfig, ctx: z.RefinementCtx): void {
  const any = [c.GRAPH_TENANT_ID, c.GRAPH_CLIENT_ID, c.GRAPH_CLIENT_SECRET, c.GRAPH_CERTIFICATE_PATH].some(
    (v) => v !== undefined,
  );
  if (!any) return;
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!c.GRAPH_TENANT_ID) issue('GRAPH_TENANT_ID', 'is required when any GRAPH_ credential is set');
  if (!c.GRAPH_CLIENT_ID) issue('GRAPH_CLIENT_ID', 'is required when any GRAPH_ credential is set');
  if (!c.GRAPH_CLIENT_SECRET && !c.GRAPH_CERTIFICATE_PATH)
    issue('GRAPH_CLIENT_SECRET', 'or GRAPH_CERTIFICATE_PATH is required when GRAPH_CLIENT_ID is set');
  if (c.GRAPH_CLIENT_SECRET && c.GRAPH_CERTIFICATE_PATH)
    issue('GRAPH_CERTIFICATE_PATH', 'set either GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH, not both');
  if (c.GRAPH_CERTIFICATE_PATH && !c.GRAPH_CERTIFICATE_THUMBPRINT)
    issue('GRAPH_CERTIFICATE_THUMBPRINT', 'is required with GRAPH_CERTIFICATE_PATH');
  if (c.GRAPH_TAP_LIFETIME_MINUTES > 0 && c.GRAPH_TAP_LIFETIME_MINUTES < 10)
    issue('GRAPH_TAP_LIFETIME_MINUTES', 'must be 0 (off) or 10-43200 minutes (Entra limits)');
}

/** The settings `npm run package` reads: the manifest needs the bot's app id and public host, never a secret. */
const PACKAGE_SETTINGS = {
  MICROSOFT_APP_ID: true,
  PUBLIC_BASE_URL: true,
  ORGANISATION_NAME: true,
  APP_NAME_SHORT: true,
  APP_NAME_FULL: true,
  APP_DEVELOPER_NAME: true,
  APP_WEBSITE_URL: true,
  APP_PRIVACY_URL: true,
  APP_TERMS_URL: true,
  TEAMS_APP_ID: true,
  APP_PACKAGE_VERSION: true,
  APP_VALID_DOMAINS: true,
  APP_ACCENT_COLOR: true,
} as const;

/** What the Teams app package is built from (manifest/app-package.ts). */
export interface PackageConfig {
  app: Pick<Config['app'], 'id'>;
  organisationName: string;
  publicBaseUrl?: string;
  teamsApp: Config['teamsApp'];
}

/**
 * Only the package's settings, checked one by one: the bot's other rules (a password with the app id,
 * production needing ENCRYPTION_KEY ...) are for running it, so a package can be built on a machine
 * that holds no secret at all. Throws ConfigError naming each bad setting.
 */
export function loadPackageConfig(env: Record<string, string | undefined> = process.env): PackageConfig {
  const parsed = settingsShape.pick(PACKAGE_SETTINGS).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`));
  }
  const c = parsed.data;
  return {
    app: { id: c.MICROSOFT_APP_ID.trim() },
    organisationName: c.ORGANISATION_NAME,
    publicBaseUrl: c.PUBLIC_BASE_URL,
    teamsApp: teamsAppSettings(c),
  };
}

function teamsAppSettings(c: Pick<RawConfig, keyof typeof PACKAGE_SETTINGS>): Config['teamsApp'] {
  const publicHttps = c.PUBLIC_BASE_URL?.startsWith('https://') ? c.PUBLIC_BASE_URL : undefined;
  const websiteUrl = c.APP_WEBSITE_URL ?? publicHttps ?? 'https://example.org';
  const site = websiteUrl.replace(/\/+$/, '');
  return {
    nameShort: c.APP_NAME_SHORT,
    nameFull: c.APP_NAME_FULL ?? `${c.APP_NAME_SHORT} for ${c.ORGANISATION_NAME}`.slice(0, 100),
    developerName: c.APP_DEVELOPER_NAME ?? c.ORGANISATION_NAME.slice(0, 32).trim(),
    websiteUrl,
    privacyUrl: c.APP_PRIVACY_URL ?? `${site}/privacy`,
    termsUrl: c.APP_TERMS_URL ?? `${site}/terms`,
    appId: c.TEAMS_APP_ID,
    packageVersion: c.APP_PACKAGE_VERSION,
    validDomains: c.APP_VALID_DOMAINS,
    accentColor: c.APP_ACCENT_COLOR,
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function decodeKey(value: string): Buffer | undefined {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  const b = Buffer.from(v, 'base64');
  return b.length === 32 ? b : undefined;
}
