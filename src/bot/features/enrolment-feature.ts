import { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ENROLMENT_DIALOG, EnrolmentDialog } from '../../../dialogs/enrolment-dialog';
import { answersStep } from '../../../dialogs/enrolment-steps';
import { remember, type EnrolmentDeps } from '../../../dialogs/enrolment-context';
import { ANSWER_ACTION, answerSchema, interruptionIn, submitSchema } from '../../../dialogs/enrolment-input';
import { EnrolmentPrompts } from '../../../dialogs/enrolment-prompts';
import { toEnrolmentStep } from '../../domain/enrolment';
import { isEnrolled } from '../../domain/staff';
import { common, enrolment as s } from '../../strings';
import { isPersonalChat } from '../conversation-kind';
import { pressStepCard } from './enrolment-in-place';
import { defineCardAction, type Command, type Feature, type TurnRequest } from '../feature';

export const START_ACTION = 'enrolment.start';
/** "I don't have a mobile device" on a reminder card. */
export const NO_DEVICE_ACTION = 'enrolment.no-device';

export interface EnrolmentFeature extends Feature {
  services: EnrolmentDeps;
}

/**
 * Guided enrolment: the `set up` command (also the welcome card's "Set up now"), a reminder's "Start now"
 * and "I don't have a mobile device" buttons (enrolment.start, enrolment.no-device), the enrolment cards'
 * buttons (enrolment.answer) and submits (enrolment.submit), which update the pressed card in place
 * (enrolment-in-place.ts), and typed answers
 * that resume a flow whose dialog state was lost. Only in a personal chat: elsewhere it offers one.
 */
export function createEnrolmentFeature(services: EnrolmentDeps): EnrolmentFeature {
  const prompts = new EnrolmentPrompts(services);
  const dialog = new EnrolmentDialog(services);

  const begin = async (req: TurnRequest, withInput: boolean): Promise<void> => {
    if (!isPersonalChat(req.turn.activity)) {
      await prompts.privately(req.turn);
      return;
    }
    if (req.dialogs.activeDialog?.id === ENROLMENT_DIALOG && withInput) {
      await req.dialogs.continueDialog();
      return;
    }
    if (req.dialogs.activeDialog) await req.dialogs.cancelAllDialogs();
    await req.dialogs.beginDialog(ENROLMENT_DIALOG, { withInput });
  };

  const pressed = pressStepCard(services, (req) => begin(req, true));

  const noDevice = async (req: TurnRequest): Promise<void> => {
    if (!isPersonalChat(req.turn.activity)) {
      await prompts.privately(req.turn);
      return;
    }
    if (isEnrolled(req.staff)) {
      await req.dialogs.cancelAllDialogs();
      await req.dialogs.beginDialog(ENROLMENT_DIALOG);
      return;
    }
    if (req.dialogs.activeDialog?.id === ENROLMENT_DIALOG) await req.dialogs.cancelAllDialogs();
    const conversation = TurnContext.getConversationReference(req.turn.activity);
    const handed = await services.enrolment.requestHelpdesk(req.staff, 'no-device', conversation);
    remember(req.turn, handed.staff);
    await prompts.noDevice(req.turn, handed.created);
  };

  const start: Command = {
    id: 'enrolment.start',
    phrases: [
      'set up',
      'setup',
      'set me up',
      'start',
      'get started',
      'enrol',
      'enroll',
      'enrolment',
      'enrollment',
      'register',
      'sign up',
      'signup',
    ],
    usage: s.startCommand.usage,
    description: s.startCommand.description,
    audience: 'staff',
    helpButton: common.help.buttons.setUp,
    allowInGroupChat: true,
    welcomeButton: 'setUp',
    // "start again" / "start over" match the 'start' phrase: treat them as the restart they are.
    run: (req) => begin(req, interruptionIn(req.text) === 'restart'),
  };

  return {
    name: 'enrolment',
    services,
    commands: [start],
    dialogs: [dialog],
    actions: [
      defineCardAction({
        action: START_ACTION,
        schema: z.object({ action: z.literal(START_ACTION) }),
        run: (req) => begin(req, false),
      }),
      defineCardAction({
        action: submitSchema.shape.action.value,
        schema: submitSchema,
        run: pressed,
      }),
      defineCardAction({ action: ANSWER_ACTION, schema: answerSchema, run: pressed }),
      defineCardAction({
        action: NO_DEVICE_ACTION,
        schema: z.object({ action: z.literal(NO_DEVICE_ACTION) }),
        run: noDevice,
      }),
    ],
    async answerFreeText(req) {
      if (!answersStep(toEnrolmentStep(req.staff.enrolment?.step), req.text)) return false;
      await begin(req, true);
      return true;
    },
  };
}
