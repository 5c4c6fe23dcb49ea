import { streamAudience } from '../../../src/services/campaigns/campaign-audience';
import { welcomeStatus } from '../../../src/strings/teams-app';
import { isEnrolled } from '../../../src/domain/staff';
import type { Messenger } from '../../../src/ports/messenger';
import { mapGraphMethods } from '../../../src/adapters/graph/method-names';
import { REGISTERED_OUTSIDE_ACTION } from '../../../src/services/directory-sync/registration-reconciler';
import { createGraphWorld, guardNetwork, releaseNetwork, stubUser, type GraphWorld } from './graph-fixture';

describe('registration made outside the bot is detected from Graph', () => {
  let w: GraphWorld;
  const [ana, ben, cat, dev] = [0, 1, 2, 3].map((i) => stubUser(i));

  beforeAll(guardNetwork);
  afterAll(releaseNetwork);
  beforeEach(async () => {
    w = await createGraphWorld();
    w.stub.pageSize = 2;
    for (const u of [ana, ben, cat, dev]) if (u) w.stub.putUser(u);
  });
  afterEach(async () => {
    await w.close();
  });

  it('when Entra says a person registered Authenticator and a phone, then they are marked enrolled, audited, and no longer reminded', async () => {
    if (!ana || !ben || !cat || !dev) throw new Error('fixture');
    w.stub.registrations.set(ana.id, {
      isMfaRegistered: true,
      methodsRegistered: ['microsoftAuthenticatorPush', 'mobilePhone', 'email'],
    });
    w.stub.registrations.set(ben.id, { isMfaRegistered: false, methodsRegistered: ['email'] });
    w.stub.registrations.set(cat.id, { isMfaRegistered: true, methodsRegistered: ['fido2'] });
    w.stub.registrations.set('not-in-directory', {
      isMfaRegistered: true,
      methodsRegistered: ['mobilePhone'],
    });

    const report = await w.graph.sync.run();

    expect(report.registrations).toEqual({
      read: 4,
      markedEnrolled: 1,
      alreadyEnrolled: 0,
      notRegistered: 1,
      unmapped: 1,
      unknownPerson: 1,
      conflicts: 0,
    });
    expect(w.stub.count('GET', /userRegistrationDetails$/)).toBe(2);
    const a = await w.staff.findByAadObjectId(ana.id);
    expect(a?.methods.sort()).toEqual(['PhoneAppNotification', 'SMS']);
    expect(a?.enrolment.step).toBe('done');
    expect(a?.registeredAt).toEqual(w.clock.now());
    const [audit] = await w.audit.listByAction(REGISTERED_OUTSIDE_ACTION, 5);
    expect(audit).toMatchObject({ target: ana.id, actor: 'graph', outcome: 'success' });
    // Reminders: the campaign audience no longer includes her; the welcome card says she is done.
    const audience: string[] = [];
    const campaign = {
      audience: { organisations: [], orgUnits: [], statuses: [] },
      ownerOrganisation: undefined,
    };
    for await (const s of streamAudience(w.staff, campaign, w.clock.now())) audience.push(s.aadObjectId);
    expect(audience).not.toContain(ana.id);
    expect(audience).toContain(ben.id);
    expect(welcomeStatus(a?.mfaStatus ?? '', a ? isEnrolled(a) : false)).toMatch(
      /MFA is set up on your account/,
    );
  });

  it('when a person is already enrolled through the bot, then the sync leaves their record alone', async () => {
    if (!ana) throw new Error('fixture');
    await w.graph.sync.run();
    const before = await w.staff.findByAadObjectId(ana.id);
    if (!before) throw new Error('missing');
    await w.staff.update(
      ana.id,
      before.version,
      { methods: ['SoftwareOTP'], enrolment: { step: 'done' } },
      w.clock.now(),
    );
    w.stub.registrations.set(ana.id, { isMfaRegistered: true, methodsRegistered: ['mobilePhone'] });

    const report = await w.graph.sync.run();

    expect(report.registrations.alreadyEnrolled).toBe(1);
    expect((await w.staff.findByAadObjectId(ana.id))?.methods).toEqual(['SoftwareOTP']);
  });

  it('when someone registered outside the bot, then they get one congratulation, not a reminder, and later syncs stay quiet', async () => {
    if (!ana || !ben) throw new Error('fixture');
    await w.close();
    const sent: { to: string; text: string }[] = [];
    const messenger: Messenger = {
      sendToUser: async (to, message) => {
        sent.push({ to, text: typeof message === 'string' ? message : JSON.stringify(message) });
        return 'sent';
      },
      sendToConversation: async () => 'sent',
    };
    w = await createGraphWorld({ messenger });
    for (const u of [ana, ben]) w.stub.putUser(u);
    w.stub.registrations.set(ana.id, { isMfaRegistered: true, methodsRegistered: ['mobilePhone'] });
    w.stub.registrations.set(ben.id, { isMfaRegistered: false, methodsRegistered: [] });
    await w.graph.sync.run();
    await w.graph.sync.run();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(ana.id);
    expect(sent[0]?.text).toMatch(/Well done, .*nothing more to do/);
  });

  it('when Graph names methods, then they map to the report names (unknown and non-MFA methods are dropped)', () => {
    expect(
      mapGraphMethods(['softwareOneTimePasscode', 'officePhone', 'alternateMobilePhone', 'securityQuestion']),
    ).toEqual(['SoftwareOTP', 'Voice']);
    expect(mapGraphMethods(['microsoftAuthenticatorPasswordless', 'hardwareOneTimePasscode'])).toEqual([
      'PhoneAppNotification',
      'PhoneAppOTP',
    ]);
  });
});
