import { doneCard } from '../../../dialogs/enrolment-prompts';

const textOf = (card: unknown): string => JSON.stringify(card);

describe('the done card says what signing in looks like for the method Entra confirmed', () => {
  it('when Microsoft Authenticator notifications were registered, then it says to approve the notification, not to type a code', () => {
    const text = textOf(doneCard('PhoneAppNotification', false));
    expect(text).toContain('type the number shown on the sign-in screen and approve');
    expect(text).not.toContain('type the code shown');
  });

  it('when a text message method was registered, then it says a code will be asked for', () => {
    const text = textOf(doneCard('SMS', false));
    expect(text).toContain('type the code shown');
    expect(text).not.toContain('approve');
  });
});
