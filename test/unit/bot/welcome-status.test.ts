import { welcomeStatus } from '../../../src/strings/teams-app';
import { createHarness, message, type Harness } from './support/bot-harness';

describe('the welcome card', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await h.addPerson('new1', 'staff', 'Asha Patel');
  });
  afterEach(() => h.close());

  it('when someone first messages the bot, then the welcome greets them by first name with their current MFA status', async () => {
    const { activities } = await h.send(message('hello', 'new1'));
    const json = JSON.stringify(activities.map((a) => a.attachments));
    expect(json).toContain('Hello Asha');
    expect(json).toContain(
      'Your MFA status is Admin Enabled. You have not set up a way to sign in with MFA yet.',
    );
  });

  it('when the status line is worded, then it says whether MFA is set up in words', () => {
    expect(welcomeStatus('User Enabled', true)).toContain('MFA is set up on your account');
    expect(welcomeStatus('Admin Enabled', false)).toContain('not set up');
  });
});
