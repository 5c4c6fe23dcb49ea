/**
 * Helpers for cards that change state in place with Universal Actions (Action.Execute -> adaptiveCard/action).
 *
 * A card that can go out of date carries a stamp in every Action.Execute's data: `cardVersion`, the version
 * of the thing it shows (for example the staff record's version). When a press arrives with an older stamp
 * the action does not run: the person gets the current card with a line saying the old one was out of date,
 * so pressing an old "Confirm" twice can never act twice.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { defineCardAction, type CardAction, type CardActionResult, type TurnRequest } from '../bot/feature';
import type { Role } from '../domain/staff';
import { cancelledBy, confirmedBy, staleCard } from '../strings/teams-app';
import { renderCardJson } from './render';

type Card = Record<string, unknown>;

/** The field every versioned Action.Execute carries in its data. */
export const CARD_VERSION_FIELD = 'cardVersion';

export const cardStampSchema = z.object({ [CARD_VERSION_FIELD]: z.coerce.number().int().min(0) });

/** A card's body with a notice as its first line (the notice says it in words, so colour is only a hint). */
export function withNotice(card: Card, notice: string): Card {
  const body = Array.isArray(card.body) ? (card.body as unknown[]) : [];
  const line = { type: 'TextBlock', text: notice, wrap: true, weight: 'Bolder', color: 'Warning' };
  const speak = typeof card.speak === 'string' ? `${notice} ${card.speak}` : notice;
  return { ...card, speak, body: [line, ...body] };
}

/**
 * Teams refreshes a card automatically for these users (at most 60) when they open the chat, by sending
 * the given verb as an adaptiveCard/action invoke. Put the result in the card's `refresh` property.
 */
export function refreshFor(userIds: readonly string[], verb: string, data: Record<string, unknown>): Card {
  return {
    action: { type: 'Action.Execute', title: 'Refresh', verb, data },
    userIds: userIds.slice(0, 60),
  };
}

export interface DoneCardData {
  title: string;
  /** Says the outcome in words, for example "Done" or "Confirmed". */
  status: string;
  detail?: string;
  /** "Confirmed by Sam Jones at 10:02 on 2 November 2026". */
  byLine?: string;
}

/** "09:02 on 2 November 2026" in the configured time zone. */
function timeOn(at: Date, timezone: string): string {
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timezone });
  const date = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: timezone,
  });
  return `${time} on ${date}`;
}

/** "Confirmed by Sam Jones at 09:02 on 2 November 2026." in the configured time zone. */
export function confirmedByLine(name: string, at: Date, timezone: string): string {
  return confirmedBy(name, timeOn(at, timezone));
}

/** "Cancelled by Sam Jones at 09:02 on 2 November 2026." in the configured time zone. */
export function cancelledByLine(name: string, at: Date, timezone: string): string {
  return cancelledBy(name, timeOn(at, timezone));
}

/**
 * Whether this turn is a Universal Action (Action.Execute -> adaptiveCard/action invoke), whose answer
 * replaces the pressed card; otherwise it is an Action.Submit message and replies go to the chat.
 */
export function isUniversalAction(turn: TurnContext): boolean {
  return turn.activity.type === 'invoke' && turn.activity.name === 'adaptiveCard/action';
}

/** The card a step or confirmation turns into once it is finished (cards/action-done.json). */
export function doneCard(data: DoneCardData): Card {
  return renderCardJson('action-done', {
    title: data.title,
    status: data.status,
    detail: data.detail ?? '',
    byLine: data.byLine ?? '',
    speak: `${[data.status, data.title, data.detail, data.byLine]
      .filter(Boolean)
      .map((part) => String(part).replace(/\.$/, ''))
      .join('. ')}.`,
  });
}

/**
 * A CardAction for a card that shows something with a version. The pressed card's `cardVersion` is compared
 * with `currentVersion` first; when it is older, `run` is not called and the current card is returned instead.
 */
export function defineVersionedCardAction<T extends z.infer<typeof cardStampSchema>>(spec: {
  action: string;
  schema: z.ZodType<T>;
  allowedRoles?: readonly Role[];
  /** The version of the thing the card shows, now. */
  currentVersion(req: TurnRequest, data: T): Promise<number | undefined>;
  /** The card as it should look now (shown when the pressed one was out of date). */
  currentCard(req: TurnRequest, data: T): Promise<Card>;
  run(req: TurnRequest, data: T): Promise<CardActionResult>;
}): CardAction {
  return defineCardAction({
    action: spec.action,
    schema: spec.schema,
    allowedRoles: spec.allowedRoles,
    async run(req, data) {
      const current = await spec.currentVersion(req, data);
      if (current !== undefined && data[CARD_VERSION_FIELD] !== current) {
        return { card: withNotice(await spec.currentCard(req, data), staleCard) };
      }
      return spec.run(req, data);
    },
  });
}
