import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaqService } from '../../../src/services/faq/faq-service';

const CONTENT = join(__dirname, '..', '..', '..', 'content', 'faq');
const values = { organisationName: 'Example NHS Trust', helpdeskEmail: 'helpdesk@example.org' };

function topId(faq: FaqService, q: string, audience: 'staff' | 'admin' = 'staff'): string | undefined {
  const a = faq.answer(q, { audience });
  return a.kind === 'answer' ? a.entry.id : a.kind === 'suggestions' ? a.entries[0]?.id : undefined;
}

describe('FaqService over the real knowledge base', () => {
  const faq = new FaqService({ dir: CONTENT, values });
  beforeAll(async () => {
    faq.reload();
  });

  it.each([
    ['is 2FA the same thing', 'mfa-is-two-factor'],
    ['two-step verification like my bank?', 'mfa-is-two-factor'],
    ['get the MS Auth app', 'install-authenticator'],
    ['where is my OTP', 'method-app-code'],
    ['can i have a text message', 'method-sms'],
  ])('when a question uses a synonym ("%s"), then it finds %s', (q, id) => {
    expect(topId(faq, q)).toBe(id);
  });

  it.each([
    ['how do i instal the authentcator', 'install-authenticator'],
    ['my phone was stollen', 'lost-phone'],
    ['exeption for mfa', 'exceptions'],
    ['wat is multi factor authentcation', 'what-is-mfa'],
    ['how do i instlal the autheticator on my iphnoe', 'install-authenticator'],
    ['wen is the dedline', 'deadline'],
    ['how does it wrok', 'how-mfa-works'],
    ['two step verifcation', 'mfa-is-two-factor'],
  ])('when a question has typos ("%s"), then the speller still finds %s', (q, id) => {
    expect(topId(faq, q)).toBe(id);
  });

  it.each([
    ['what happens if my phone gets nicked', 'lost-phone'],
    ["me mobile's been pinched", 'lost-phone'],
    ['phone knackered', 'lost-phone'],
    ['not got a smartphone mate', 'no-mobile-device'],
    ['my phone was nicked on the train', 'lost-phone'],
    ["haven't got a mobile at all", 'no-mobile-device'],
    ['im a locum, do i need to register', 'who-needs-mfa'],
    ['do bank staff need mfa', 'who-needs-mfa'],
    ['is it a faff to set up', 'how-long'],
    ['is mfa any good', 'how-effective'],
    ['can i use my works mobile', 'work-or-personal-phone'],
  ])('when a question is British colloquial ("%s"), then it finds %s', (q, id) => {
    expect(topId(faq, q)).toBe(id);
  });

  it('when a question uses another form of a word, then stemming matches it (registered -> register)', () => {
    expect(topId(faq, 'registered devices ipads')).toBe('which-devices');
    expect(topId(faq, 'exceptions lasting')).toBe('exceptions');
  });

  it.each([
    "what's for lunch",
    'reset my password',
    'how do I book annual leave',
    'asdfgh',
    'forgot my ESR password',
    'how do i set up my out of office',
    "how do i reset a user's password in the portal",
  ])('when the question is out of scope ("%s"), then the answer is none', (q) => {
    expect(faq.answer(q, { audience: 'admin' })).toEqual({ kind: 'none' });
  });

  it.each(['hello', 'ok thanks', 'hi there!', 'thnks'])(
    'when the text is only a greeting or filler ("%s"), then the answer is none, marked as no question (the bot shows its help)',
    (q) => {
      expect(faq.answer(q, { audience: 'staff' })).toEqual({ kind: 'none', noQuestion: true });
    },
  );

  it('when confident, then the answer carries a confidence between the threshold and 1 and filled placeholders', () => {
    const a = faq.answer('I have no mobile phone');
    expect(a.kind).toBe('answer');
    if (a.kind !== 'answer') return;
    expect(a.entry.id).toBe('no-mobile-device');
    expect(a.confidence).toBeGreaterThanOrEqual(0.5);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(a.entry.answer).toContain('helpdesk@example.org');
    expect(a.entry.answer).not.toContain('{{');
  });

  it('when a question is about MFA but unclear, then up to 3 suggestions are offered instead of a guess', () => {
    const a = faq.answer('authenticator trouble');
    expect(a.kind).toBe('suggestions');
    if (a.kind === 'suggestions') expect(a.entries.length).toBeLessThanOrEqual(3);
  });

  it('when an administrator asks an admin question, then they get the whole answer', () => {
    const a = faq.answer('bulk edit limit of users', { audience: 'admin' });
    expect(a.kind === 'answer' && a.entry).toMatchObject({ id: 'admin-bulk-limit', summaryForStaff: false });
    if (a.kind !== 'answer') return;
    expect(a.entry.answer).toContain('interim process');
    expect(a.entry.answer).not.toMatch(/your local admin can do this/i);
  });

  it('when a member of staff asks an admin question, then they get the short answer and "your local admin can do this"', () => {
    const a = faq.answer('bulk edit limit of users', { audience: 'staff' });
    expect(a.kind === 'answer' && a.entry).toMatchObject({ id: 'admin-bulk-limit', summaryForStaff: true });
    if (a.kind !== 'answer') return;
    expect(a.entry.answer).toMatch(/^Bulk changes to MFA are made by administrators/);
    expect(a.entry.answer).toContain('Your local admin can do this for you');
    expect(a.entry.answer).toContain('helpdesk@example.org');
    expect(a.entry.answer).not.toContain('interim process');
  });

  it('when staff and an admin ask the same near-tie question, then staff get the entry written for them', () => {
    expect(topId(faq, 'can i get an exemption', 'staff')).toBe('exceptions');
  });

  it('when staff ask about an exception they get the exceptions entry, and an admin disabling MFA for a user gets the admin entry', () => {
    expect(topId(faq, 'can my manager turn mfa off for me for a day', 'staff')).toBe('exceptions');
    expect(topId(faq, 'how do i disable mfa for a user', 'admin')).toBe('admin-disable-mfa');
  });

  it.each([
    ["how long does it take to set up, I've only got 5 mins between patients", 'how-long'],
    [
      'my ward manager keeps going on about this, but how long does setting up mfa take, because i have a shift soon',
      'how-long',
    ],
  ])(
    'when a long question has one clause the entry answers ("%s"), then it is answered, not refused',
    (q, id) => {
      const a = faq.answer(q, { audience: 'staff' });
      expect(a.kind === 'answer' && a.entry.id).toBe(id);
    },
  );

  it('when staff ask to turn MFA off themselves, then they get the self-enrol status entry, not an admin one', () => {
    expect(topId(faq, 'can I turn mfa off myself', 'staff')).toBe('status-user-enabled-disabled');
  });

  it.each(['can I add a second phone number as a backup', 'it rang me and a robot told me to press hash'])(
    'when someone asks "%s", then they get the voice call entry',
    (q) => {
      expect(topId(faq, q, 'staff')).toBe('method-voice');
    },
  );

  it('when an administrator asks the difference between two report statuses, then one of the two status entries answers', () => {
    for (const q of [
      "what's the difference between User Enabled and Admin Enabled",
      'user disabled vs admin disabled',
    ])
      expect(['status-user-enabled-disabled', 'status-admin-enabled-disabled']).toContain(
        topId(faq, q, 'admin'),
      );
  });

  it.each([
    'how do I create an nhsmail account for a new starter',
    'set up a generic mailbox for reception',
    'forgot my nhsmail password again',
    'add an email alias for a user',
    'increase a users mailbox size',
  ])('when an administrator asks an NHSmail task that is not MFA ("%s"), then it is refused', (q) => {
    expect(faq.answer(q, { audience: 'admin' }).kind).toBe('none');
  });

  it.each([
    'how do I put the teams app on my phone',
    'my laptop wont turn on',
    'can I use windows hello face login on my pc',
    'where do I report a dodgy phishing email',
    'my personal gmail two step code is not arriving',
    'need a login for the new EPR system',
    'how do I change the screen lock on my phone',
    'can I set up apple pay on my work iphone',
    'how do I update ios on my work phone',
  ])(
    'when someone asks about other IT that shares MFA words ("%s"), then it is refused, not matched to an MFA entry',
    (q) => {
      expect(faq.answer(q, { audience: 'staff' }).kind).toBe('none');
    },
  );

  it.each([
    ['is this the same as the 2 step thing my bank does', 'mfa-is-two-factor'],
    ['how do I install the authenticator app', 'install-authenticator'],
    ['phone upgrade', 'new-phone'],
  ])('when a question about MFA uses the same words ("%s"), then it still finds %s', (q, id) => {
    expect(topId(faq, q)).toBe(id);
  });

  it('when an administrator asks whether new NHSmail accounts come with MFA, then that is still answered', () => {
    expect(topId(faq, 'is mfa on by default for new nhsmail accounts', 'admin')).toBe('mfa-on-by-default');
  });

  it('when someone writes several sentences about their situation around an MFA question, then they are offered the right entry first, not "I don\'t know"', () => {
    for (const [q, id] of [
      [
        'Absolute shambles this morning, my phone was nicked at the football on Saturday and the insurance company are dragging their heels. Outlook now wants the authenticator and I have nothing to approve it with. What now?',
        'lost-phone',
      ],
      [
        "We've got a new starter on the ward who hasn't got a clue about any of this, and honestly neither have I after a twelve hour shift. How does she get herself registered?",
        'get-started',
      ],
    ]) {
      expect(faq.answer(q).kind).not.toBe('none');
      expect(topId(faq, q)).toBe(id);
    }
  });

  it('when an administrator asks how long an exception lasts or to give one, then the answer (the exceptions entry or the exception statuses) says 180 days and where to set it', () => {
    for (const q of [
      'how long is a long term exception',
      'give a user a 24 hour exception',
      'how long can i give a user an exception for',
    ]) {
      const a = faq.answer(q, { audience: 'admin' });
      expect(a.kind === 'answer' && a.entry.id).toMatch(/^(status-)?exceptions$/);
      if (a.kind === 'answer') expect(a.entry.answer).toMatch(/180 days.*Portal/s);
    }
  });

  it.each([
    ['force re-registration', 'admin-re-enrol', 'clears'],
    ['do new users come with mfa turned on', 'mfa-on-by-default', 'Conditional Access'],
    ['what does disabling mfa do to the policy group', 'admin-disable-mfa', 'Conditional Access'],
  ])(
    'when an admin question ("%s") is asked, then an admin gets %s in full and staff its short answer and the local admin line',
    (q, id, fullOnly) => {
      const admin = faq.answer(q, { audience: 'admin' });
      const staff = faq.answer(q, { audience: 'staff' });
      expect(admin.kind === 'answer' && admin.entry).toMatchObject({ id, summaryForStaff: false });
      expect(staff.kind === 'answer' && staff.entry).toMatchObject({ id, summaryForStaff: true });
      if (admin.kind !== 'answer' || staff.kind !== 'answer') return;
      expect(admin.entry.answer).toContain(fullOnly);
      expect(admin.entry.answer).not.toMatch(/your local admin can do this/i);
      expect(staff.entry.answer).toContain('Your local admin can do this for you');
      expect(staff.entry.answer.length).toBeLessThan(admin.entry.answer.length + 120);
    },
  );
});

describe('FaqService reloading', () => {
  let dir: string;
  let faq: FaqService;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faq-reload-'));
    await cp(join(CONTENT, 'what-is-mfa.md'), join(dir, 'what-is-mfa.md'));
    faq = new FaqService({ dir, values });
  });
  afterEach(async () => {
    faq.close();
    await rm(dir, { recursive: true, force: true });
  });

  const entry = `---\nid: canteen-hours\ntitle: When is the canteen open?\nsource: test\n---\nThe canteen opens at noon every weekday.\n`;

  it('when a new entry is added and reload() runs, then it can be answered without a restart', async () => {
    faq.reload();
    expect(faq.answer('canteen opening hours').kind).toBe('none');
    await writeFile(join(dir, 'canteen-hours.md'), entry);
    const report = faq.reload();
    expect(report).toEqual({ loaded: 2, problems: [] });
    expect(topId(faq, 'canteen opening hours')).toBe('canteen-hours');
  });

  it('when watching in development and a file changes, then the knowledge base reloads by itself', async () => {
    faq.reload();
    faq.watch();
    await writeFile(join(dir, 'canteen-hours.md'), entry);
    const deadline = Date.now() + 5000;
    while (faq.size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(faq.size).toBe(2);
  });
});
