import { GraphError } from '@microsoft/microsoft-graph-client';
import { AuthenticationMethodsError, type MethodsFailureKind } from '../../ports/authentication-methods';
import { GraphRequestError } from './graph-errors';

/** What a failure message may say about one gateway call. */
export interface CallDescription {
  /** The gateway method, e.g. 'addPhoneMethod'. */
  call: string;
  /** The least-privileged application permission the call needs (named when Graph answers 403). */
  permission: string;
  /** This call's values that must never appear in an error: a phone number, a secret, a code. */
  secrets?: readonly string[];
  /** How this call reads a 400 Bad Request; by default: policy -> forbidden, "already" -> conflict, else invalid. */
  badRequest?: (graphText: string) => MethodsFailureKind;
}

/** A 400 that says the tenant's authentication methods policy does not allow the method. */
const POLICY_REFUSAL = /policy|not (be )?allowed|not enabled|disabled/i;
const ALREADY_THERE = /already|exists|duplicate/i;
/** Phone numbers and other long digit runs, in case Graph's text repeats one it was sent. */
const DIGIT_RUN = /\+?\d[\d\s().-]{5,}\d/g;
const REDACTED = '[redacted]';

export function defaultBadRequest(graphText: string): MethodsFailureKind {
  if (POLICY_REFUSAL.test(graphText)) return 'forbidden';
  if (ALREADY_THERE.test(graphText)) return 'conflict';
  return 'invalid';
}

/**
 * A failed Graph call -> AuthenticationMethodsError. Its message names the call, the status and Graph's
 * error code (and for 403 the permission); Graph's own text is kept only in the cause, with this call's
 * secrets and any digit run removed, and the raw client error (whose text and body may repeat what was
 * sent) is dropped. Anything that is not a Graph failure is passed on unchanged.
 */
export function toMethodsError(err: unknown, call: CallDescription): unknown {
  if (!(err instanceof GraphRequestError)) return err;
  const status = err.status;
  const code = err.graphCode ?? 'error';
  const graphText = graphMessage(err);
  const kind = kindOf(status, code, graphText, call);
  const requestId = err.requestId ?? 'unknown';
  const cause = new GraphRequestError(
    status > 0
      ? `${scrub(err.message, call.secrets)}: ${scrubGraphText(graphText, call.secrets)}`
      : scrub(err.message, call.secrets),
    status,
    code,
    undefined,
    requestId,
  );
  return new AuthenticationMethodsError(
    scrub(describe(call, kind, status, code, err), call.secrets),
    kind,
    status,
    requestId,
    status === 403 ? call.permission : undefined,
    { cause },
  );
}

function kindOf(status: number, code: string, text: string, call: CallDescription): MethodsFailureKind {
  if (status === 0 || status >= 500) return 'unavailable';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 400) return (call.badRequest ?? defaultBadRequest)(`${code} ${text}`);
  return 'invalid';
}

function describe(
  call: CallDescription,
  kind: MethodsFailureKind,
  status: number,
  code: string,
  err: GraphRequestError,
): string {
  const answer = `${status} ${code}`;
  switch (kind) {
    case 'forbidden':
      if (status === 403)
        return `Microsoft Graph refused ${call.call} (${answer}): the app needs the application permission ${call.permission}`;
      if (status === 401)
        return `Microsoft Graph did not accept the app's credentials for ${call.call} (${answer})`;
      return `Microsoft Graph refused ${call.call} (${answer}): the tenant's authentication methods policy does not allow it`;
    case 'not-found':
      return `Microsoft Graph found no such user, method or token for ${call.call} (${answer})`;
    case 'conflict':
      return `Microsoft Graph refused ${call.call} as a conflict with what the person already has (${answer})`;
    case 'invalid':
      return `Microsoft Graph refused a value sent with ${call.call} (${answer})`;
    case 'throttled':
      return `Microsoft Graph still throttled ${call.call} after the retries (${answer})`;
    case 'unavailable':
      return status === 0
        ? `${call.call}: ${err.message}`
        : `Microsoft Graph could not serve ${call.call} (${answer})`;
  }
}

/** Graph's error text (from the client's GraphError), one line, bounded. */
function graphMessage(err: GraphRequestError): string {
  const cause = err.cause;
  const text = cause instanceof GraphError ? cause.message : '';
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/** Removes this call's secrets: as sent, without spaces, upper and lower case. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    const forms = new Set([secret, secret.replace(/\s+/g, ''), secret.toUpperCase(), secret.toLowerCase()]);
    for (const form of forms) if (form.length >= 4) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** Graph's own text may repeat what it was sent in another form: also removes every long digit run. */
export function scrubGraphText(text: string, secrets: readonly string[] = []): string {
  return scrub(text, secrets).replace(DIGIT_RUN, REDACTED);
}
