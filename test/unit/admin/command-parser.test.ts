import fc from 'fast-check';
import { parseAdminCommand } from '../../../src/services/admin/command-parser';
import { tokenize } from '../../../src/services/admin/tokenize';
import { commandFor } from '../../../src/services/admin/command-text';
import { ADMIN_VERBS } from '../../../src/domain/admin-command';

const ok = (text: string) => {
  const r = parseAdminCommand(text);
  if (!r.ok) throw new Error(`expected a command for "${text}", got: ${r.error.problem}`);
  return r.command;
};
const err = (text: string) => {
  const r = parseAdminCommand(text);
  if (r.ok) throw new Error(`expected a usage error for "${text}"`);
  return r.error;
};

describe('tokenize', () => {
  it('when words are quoted (straight or curly), then they stay together', () => {
    expect(tokenize('status "Jane Smith"').map((t) => t.text)).toEqual(['status', 'Jane Smith']);
    expect(tokenize('reason \u201con leave\u201d x').map((t) => t.text)).toEqual(['reason', 'on leave', 'x']);
    expect(tokenize("status 'A B'").map((t) => t.text)).toEqual(['status', 'A B']);
  });
  it("when an apostrophe is inside a word, then it is kept (O'Brien)", () => {
    expect(tokenize("status O'Brien").map((t) => t.text)).toEqual(['status', "O'Brien"]);
  });
  it('when a quote is never closed, then it runs to the end', () => {
    expect(tokenize('a "b c').map((t) => t.text)).toEqual(['a', 'b c']);
  });
});

describe('parseAdminCommand', () => {
  it.each([
    ['status jane@org.nhs.uk', { kind: 'status', user: 'jane@org.nhs.uk' }],
    ['STATUS Jane Smith', { kind: 'status', user: 'Jane Smith' }],
    ['status "Jane Smith"', { kind: 'status', user: 'Jane Smith' }],
    ['enable a@x b@x,c@x', { kind: 'enable', users: ['a@x', 'b@x', 'c@x'] }],
    ['disable a@x reason "left the trust"', { kind: 'disable', users: ['a@x'], reason: 'left the trust' }],
    [
      'disable a@x b@x reason on long leave',
      { kind: 'disable', users: ['a@x', 'b@x'], reason: 'on long leave' },
    ],
    [
      'exception 24h a@x reason "lost phone"',
      { kind: 'exception', duration: '24h', user: 'a@x', reason: 'lost phone' },
    ],
    [
      'exception 180d "Jo Bloggs" reason no phone',
      { kind: 'exception', duration: '180d', user: 'Jo Bloggs', reason: 'no phone' },
    ],
    ['revoke exception a@x', { kind: 'revokeException', user: 'a@x' }],
    ['reenrol a@x', { kind: 'reenrol', user: 'a@x' }],
    ['re-enrol a@x', { kind: 'reenrol', user: 'a@x' }],
    ['compromised a@x', { kind: 'compromised', user: 'a@x', clear: false }],
    ['compromised clear a@x', { kind: 'compromised', user: 'a@x', clear: true }],
    ['audit a@x', { kind: 'audit', user: 'a@x' }],
    ['report', { kind: 'report', organisation: undefined, status: undefined }],
    [
      'report --org RX1 --status "admin disabled"',
      { kind: 'report', organisation: 'RX1', status: 'Admin Disabled' },
    ],
    [
      'report --status=24-hour-exception',
      { kind: 'report', organisation: undefined, status: 'MFA 24 Hour Exception' },
    ],
  ])('when an admin types %s, then it parses', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it('when bulk has filters, then they are collected (repeatable, comma lists)', () => {
    expect(ok('bulk enable --org RX1,RX2 --ou Wards --status admin-disabled --policy atp')).toEqual({
      kind: 'bulk',
      action: 'enable',
      filter: {
        organisations: ['RX1', 'RX2'],
        orgUnits: ['Wards'],
        statuses: ['Admin Disabled'],
        policies: ['atp'],
      },
      reason: undefined,
    });
  });

  it('when UPNs are pasted one per line, then they become the list', () => {
    expect(ok('bulk disable\na@x\nb@x;c@x reason "leavers"')).toEqual({
      kind: 'bulk',
      action: 'disable',
      filter: { upns: ['a@x', 'b@x', 'c@x'] },
      reason: 'leavers',
    });
  });

  it.each([
    ['stauts a@x', undefined, 'status'],
    ['enabel a@x', undefined, 'enable'],
    ['exception 24 a@x reason x', 'exception', '24h'],
    ['revoke excption a@x', 'revoke', 'revoke exception'],
    ['bulk enabel --org X', 'bulk', 'bulk enable'],
    ['bulk enable --orgg X', 'bulk', '--org'],
    ['report --stauts x', 'report', '--status'],
    ['report --status admin-disabld', 'report', 'admin-disabled'],
  ])('when the admin types a typo (%s), then a usage error suggests the fix', (text, verb, suggestion) => {
    const e = err(text);
    expect(e.verb).toBe(verb);
    expect(e.suggestion).toBe(suggestion);
  });

  it.each([
    ['disable a@x', /reason/],
    ['exception 24h a@x', /reason/],
    ['exception 24h a@x reason', /reason/],
    ['status', /which person/],
    ['bulk enable', /filter/],
    ['bulk enable --org X a@x', /not both/],
    ['report extra', /only --org/],
    ['report --org', /needs a value/],
    ['status --x a', /no options/],
    ['', /admin command/],
  ])('when required parts are missing (%s), then the problem is named', (text, problem) => {
    expect(err(text).problem).toMatch(problem);
  });

  it('when the reason word appears inside quotes, then it is not a keyword', () => {
    expect(ok('status "reason jones"')).toEqual({ kind: 'status', user: 'reason jones' });
  });

  it('property: random text never throws and always yields a command or a usage error', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const r = parseAdminCommand(text);
        expect(r.ok ? typeof r.command.kind : r.error.kind).toEqual(r.ok ? 'string' : 'usage');
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a known verb followed by random words never throws, and errors name the verb', () => {
    const word = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '--org',
        '--ou',
        '--status',
        '--policy',
        'reason',
        '"',
        '24h',
        'exception',
        'clear',
        '--',
        '-x',
        '=',
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ADMIN_VERBS), fc.array(word, { maxLength: 8 }), (verb, words) => {
        const r = parseAdminCommand([verb, ...words].join(' '));
        if (!r.ok) expect(r.error.verb).toBe(verb);
        else expect(r.command.kind).toBe(verb === 'revoke' ? 'revokeException' : verb);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: any UPN-like user round-trips through status', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (upn) => {
        // A leading quote or dash is syntax (quoting, options); such a UPN must be typed in double quotes.
        fc.pre(!/^['"-]/.test(upn));
        expect(ok(`status ${upn}`)).toEqual({ kind: 'status', user: upn });
      }),
    );
  });
});

describe('parseAdminCommand and object prototype names', () => {
  it.each(['__proto__', 'constructor', 'toString', 'exception constructor a@x reason x', 'hasOwnProperty a'])(
    'when the text is %s, then it is a usage error, not a crash',
    (text) => {
      expect(parseAdminCommand(text).ok).toBe(false);
    },
  );
});

it('when a UPN starting with an apostrophe is typed in double quotes, then it is kept whole', () => {
  expect(parseAdminCommand(`status "'a.'a@a.aa"`)).toEqual({
    ok: true,
    command: { kind: 'status', user: "'a.'a@a.aa" },
  });
});

describe('commandFor (choice buttons)', () => {
  it.each([
    'status "Jane Smith"',
    'disable Jane reason left the trust',
    'exception 180d Jane reason no phone at all',
    'revoke exception Jane',
    'compromised clear Jane',
    'reenrol Jane',
    'audit Jane',
    'enable Jane',
  ])('when %s is rebuilt for one UPN, then it parses to the same command for that UPN', (text) => {
    const first = parseAdminCommand(text);
    if (!first.ok) throw new Error(first.error.problem);
    const again = parseAdminCommand(commandFor(first.command, 'jane@x'));
    if (!again.ok) throw new Error(again.error.problem);
    const expected = JSON.parse(
      JSON.stringify(first.command)
        .replace(/"(Jane Smith|Jane)"/g, '"jane@x"')
        .replace(/\["Jane"\]/, '["jane@x"]'),
    );
    expect(again.command).toEqual(expected);
  });
});
