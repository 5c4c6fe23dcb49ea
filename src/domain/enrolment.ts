/**
 * The guided enrolment as a state machine: the step names stored in StaffMember.enrolment.step, which
 * step may follow which, and how a step is numbered for "you were at step 3 of 4". Pure: no I/O.
 */
export const ENROLMENT_STEPS = [
  'not-started',
  'why',
  'device',
  'install',
  'register',
  'phone-number',
  'phone-code',
  'no-device',
  'done',
] as const;
export type EnrolmentStep = (typeof ENROLMENT_STEPS)[number];

export type DeviceChoice = 'work' | 'personal' | 'none';
export type PhoneChannel = 'sms' | 'voice';

/** The user-visible stages: 1 why, 2 device, 3 install, 4 register (app or phone). */
export const TOTAL_STAGES = 4;

const STAGE_OF: Readonly<Record<EnrolmentStep, number>> = {
  'not-started': 0,
  why: 1,
  device: 2,
  install: 3,
  register: 4,
  'phone-number': 4,
  'phone-code': 4,
  'no-device': 2,
  done: TOTAL_STAGES,
};

/** Allowed moves. Back to why (restart) and to no-device are allowed from anywhere but done: see canMove. */
const NEXT: Readonly<Record<EnrolmentStep, readonly EnrolmentStep[]>> = {
  'not-started': ['why'],
  why: ['device'],
  device: ['install', 'no-device', 'phone-number'],
  install: ['register', 'phone-number', 'device'],
  register: ['done', 'phone-number', 'install'],
  'phone-number': ['phone-code', 'register', 'install', 'device'],
  'phone-code': ['done', 'phone-number', 'install'],
  'no-device': ['device', 'install', 'phone-number'],
  done: [],
};

export function isEnrolmentStep(value: unknown): value is EnrolmentStep {
  return typeof value === 'string' && (ENROLMENT_STEPS as readonly string[]).includes(value);
}

/** Unknown or missing stored values count as not started, so old records never break the flow. */
export function toEnrolmentStep(value: unknown): EnrolmentStep {
  return isEnrolmentStep(value) ? value : 'not-started';
}

export function stageOf(step: EnrolmentStep): number {
  return STAGE_OF[step];
}

export function canMove(from: EnrolmentStep, to: EnrolmentStep): boolean {
  if (to === 'why') return true;
  // "I don't have a mobile device" can be said at any point before the end (e.g. from a reminder card).
  if (to === 'no-device') return from !== 'done';
  return NEXT[from].includes(to);
}

/** A flow is under way (worth a "welcome back") when it has begun and has not finished. */
export function isInProgress(step: EnrolmentStep): boolean {
  return step !== 'not-started' && step !== 'done';
}

/**
 * Steps at which the person's next message may be a one-time code or a phone number: whatever they type then
 * is never kept anywhere else (the FAQ's unanswered questions, for instance).
 */
export function awaitsSecretInput(step: EnrolmentStep): boolean {
  return step === 'register' || step === 'phone-number' || step === 'phone-code';
}

/** The step that follows the device question. */
export function stepAfterDevice(device: DeviceChoice): EnrolmentStep {
  return device === 'none' ? 'no-device' : 'install';
}
