/**
 * Cards that change in place with Universal Actions (Action.Execute -> adaptiveCard/action): the notice line
 * an out-of-date card gets, Teams' automatic refresh, and the "done" card a finished step turns into.
 */
import { formatTimeOnDate } from '../strings/dates';
import { cancelledBy, confirmedBy } from '../strings/teams-app';
import { renderCardJson } from './render';

type Card = Record<string, unknown>;

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

/** "Confirmed by Sam Jones at 09:02 on 2 November 2026." in the configured time zone. */
export function confirmedByLine(name: string, at: Date, timezone: string): string {
  return confirmedBy(name, formatTimeOnDate(at, timezone));
}

/** "Cancelled by Sam Jones at 09:02 on 2 November 2026." in the configured time zone. */
export function cancelledByLine(name: string, at: Date, timezone: string): string {
  return cancelledBy(name, formatTimeOnDate(at, timezone));
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
