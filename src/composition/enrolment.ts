import type { EnrolmentDeps, EntraEnrolment, FaqAnswerer } from '../../dialogs/enrolment-context';
import { doneCard } from '../../dialogs/enrolment-prompts';
import { createNotifier } from '../adapters/notify/create-notifier';
import { DocumentEntraCheckRepository } from '../adapters/store/entra-check-repository';
import { DocumentLeaseRepository } from '../adapters/store/lease-repository';
import { StoreOtpAttemptRepository } from '../adapters/store/otp-attempt-repository';
import { StorePhoneCodeRepository } from '../adapters/store/phone-code-repository';
import { StoreTotpSecretRepository } from '../adapters/store/totp-secret-repository';
import { faqHandOff } from '../bot/features/enrolment-faq';
import type { Config } from '../config';
import type { AuthMethod } from '../domain/mfa-status';
import type { StaffMember } from '../domain/staff';
import type { Logger } from '../logger';
import type { AuditLog } from '../ports/audit-log';
import type { AuthenticationMethodsGateway } from '../ports/authentication-methods';
import type { Clock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import type { Messenger } from '../ports/messenger';
import type { Notifier } from '../ports/notifier';
import type { StaffRepository } from '../ports/staff-repository';
import { resolveEncryptionKey } from '../services/crypto/encryption-key';
import { SecretBox } from '../services/crypto/secret-box';
import { EnrolmentService } from '../services/enrolment/enrolment-service';
import { TicketHelpdeskHandover, type TicketOpener } from '../services/enrolment/ticket-helpdesk-handover';
import { AccessPasses } from '../services/entra/access-passes';
import { AuthenticatorConfirmation } from '../services/entra/authenticator-confirmation';
import { EntraCheckWorker } from '../services/entra/entra-check-worker';
import { EntraMethodsReader } from '../services/entra/entra-methods-reader';
import { EntraWait } from '../services/entra/entra-wait';
import { OathTokenRegistration } from '../services/entra/oath-token-registration';
import { PhoneMethodRegistration } from '../services/entra/phone-method-registration';
import { PhoneCodeService } from '../services/phone/phone-code-service';
import { AppRegistrationService } from '../services/totp/app-registration-service';
import { TotpService } from '../services/totp/totp-service';
import { enrolment as s } from '../strings';

/** How often the background check looks for people whose Entra re-check is due. */
const ENTRA_CHECK_INTERVAL_MS = 30_000;

export interface EnrolmentWiring {
  config: Pick<
    Config,
    | 'organisationName'
    | 'helpdeskEmail'
    | 'timezone'
    | 'otp'
    | 'encryptionKey'
    | 'previousEncryptionKeys'
    | 'env'
    | 'dataDir'
    | 'notify'
    | 'learnMoreUrl'
    | 'enrolment'
  >;
  store: DocumentStore;
  staff: StaffRepository;
  audit: AuditLog;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** TicketService: people the bot hands to the helpdesk get a ticket. */
  tickets: TicketOpener;
  /** FaqService, for questions typed mid-flow. */
  faq?: FaqAnswerer;
  /** Defaults to GOV.UK Notify when configured, else the development outbox. */
  notifier?: Notifier;
  /** Microsoft Graph's authentication methods: present in Entra mode only. */
  gateway?: AuthenticationMethodsGateway;
  /** Whether a person is in an Entra group (self-service Temporary Access Passes). */
  isInGroup?: (userId: string, groupId: string) => Promise<boolean>;
  /** For the background check's messages. */
  messenger?: Messenger;
  /** Tests: no real waiting between reads of Entra. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Enrolment {
  deps: EnrolmentDeps;
  /** Entra mode: re-reads Entra for people still waiting and messages them (start it with the app). */
  checks?: EntraCheckWorker;
  /**
   * At start-up: reads the tenant's authentication methods policy (Entra mode), so a path the tenant has
   * switched off is not offered, and logs which mode and paths are in use.
   */
  announce(): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the enrolment services over the store: practice mode, or Entra mode when a gateway is given. */
export function buildEnrolment(w: EnrolmentWiring): Enrolment {
  const { config, store, clock } = w;
  const key = resolveEncryptionKey(config);
  const box = new SecretBox(key, config.previousEncryptionKeys);
  const attempts = new StoreOtpAttemptRepository(store);
  const policy = { maxAttempts: config.otp.maxAttempts, lockoutMs: config.otp.lockoutMinutes * 60_000 };
  const enrolment = new EnrolmentService({
    staff: w.staff,
    audit: w.audit,
    helpdesk: new TicketHelpdeskHandover(w.tickets),
    clock,
  });
  const app = new AppRegistrationService({
    secrets: new StoreTotpSecretRepository(store),
    totp: new TotpService(clock, config.organisationName),
    box,
    clock,
    policy,
  });
  const deps: EnrolmentDeps = {
    enrolment,
    app,
    phone: new PhoneCodeService({
      codes: new StorePhoneCodeRepository(store),
      attempts,
      notifier: w.notifier ?? createNotifier(config, clock),
      box,
      key,
      clock,
      policy,
    }),
    clock,
    logger: w.logger,
    config,
    askFaq: w.faq ? faqHandOff(w.faq, config) : undefined,
  };
  if (!w.gateway || config.enrolment.mode !== 'entra') {
    return {
      deps,
      announce: () => {
        w.logger.warn(
          {
            enrolmentMode: 'practice',
            paths: ['practice-app-code', ...deps.phone.channels.map((c) => `practice-${c}`)],
          },
          'enrolment runs in PRACTICE mode: Microsoft Graph is not configured, so nothing is registered in Entra ID and nobody counts as registered because of the bot',
        );
        return Promise.resolve();
      },
    };
  }
  return buildEntra(w, w.gateway, deps);
}

function buildEntra(
  w: EnrolmentWiring,
  gateway: AuthenticationMethodsGateway,
  deps: EnrolmentDeps,
): Enrolment {
  const settings = w.config.enrolment;
  const { enrolment, clock } = deps;
  const sleep = w.sleep ?? realSleep;
  const checks = new DocumentEntraCheckRepository(w.store);
  const reader = new EntraMethodsReader({ gateway, enrolment, clock, readOathTokens: settings.oathTokens });
  const wait = new EntraWait({ reader, enrolment, checks, clock, sleep, settings });
  const passes = new AccessPasses({
    gateway,
    enrolment,
    clock,
    settings: settings.accessPass,
    isInGroup: w.isInGroup,
  });
  const authenticator = new AuthenticatorConfirmation({ reader, wait, enrolment, passes });
  const entra: EntraEnrolment = {
    policy: {
      microsoftAuthenticator: true,
      sms: true,
      voice: true,
      temporaryAccessPass: true,
      hardwareOath: true,
    },
    reader,
    authenticator,
    passes,
    phone: new PhoneMethodRegistration({
      gateway,
      reader,
      wait,
      enrolment,
      writeForAdminRoles: settings.writeForAdminRoles,
    }),
    oath: settings.oathTokens
      ? new OathTokenRegistration({
          gateway,
          app: deps.app,
          wait,
          enrolment,
          displayName: `${w.config.organisationName} (Authenticator)`.slice(0, 60),
        })
      : undefined,
  };
  const methodOf: Record<'authenticator' | 'phone' | 'oath', AuthMethod> = {
    authenticator: 'PhoneAppNotification',
    phone: 'SMS',
    oath: 'PhoneAppOTP',
  };
  const worker = new EntraCheckWorker({
    checks,
    reader,
    enrolment,
    authenticator,
    messenger: w.messenger,
    notices: {
      registered: (staff, path) =>
        doneCard(
          path === 'phone'
            ? (staff.methods.find((m) => m === 'SMS' || m === 'Voice') ?? 'SMS')
            : methodOf[path],
          false,
        ),
      stillMissing: (_staff, path) => s.entra.stillMissing(path),
    },
    leases: new DocumentLeaseRepository(w.store),
    clock,
    logger: w.logger,
    recheckMinutes: settings.recheckMinutes,
    intervalMs: ENTRA_CHECK_INTERVAL_MS,
  });
  const announce = async (): Promise<void> => {
    try {
      const read = await gateway.readMethodsPolicy();
      Object.assign(entra.policy, read.value);
    } catch (err) {
      w.logger.warn({ err }, 'could not read the authentication methods policy: offering every path');
    }
    w.logger.info(
      { enrolmentMode: 'entra', paths: offeredPaths(entra, deps.phone.channels) },
      'enrolment registers methods in Microsoft Entra ID and says done only after reading them back',
    );
  };
  return { deps: { ...deps, entra }, checks: worker, announce };
}

/** The paths the tenant's policy and the settings allow, for the start-up log. */
function offeredPaths(entra: EntraEnrolment, channels: readonly string[]): string[] {
  const p = entra.policy;
  return [
    p.microsoftAuthenticator ? 'authenticator-security-info' : undefined,
    p.temporaryAccessPass ? 'temporary-access-pass' : undefined,
    p.sms && channels.includes('sms') ? 'phone-sms' : undefined,
    p.voice && channels.includes('voice') ? 'phone-voice' : undefined,
    p.hardwareOath && entra.oath ? 'oath-token' : undefined,
  ].filter((x): x is string => x !== undefined);
}

/** Reads a person's methods from Entra and records them (for cards that show Entra's truth, e.g. my status). */
export function readEntraFor(entra: EntraEnrolment): (staff: StaffMember) => Promise<StaffMember> {
  return async (staff) => (await entra.reader.refresh(staff)).staff;
}
