import { AC } from '../../support/cards/adaptivecards-lib';
import {
  accessibilityProblems,
  cardProblems,
  schemaProblems,
  sizeProblems,
} from '../../support/cards/card-checks';
import {
  adaptiveCard15Schema,
  schemaActionTypes,
  schemaElementTypes,
  schemaTeamsExtensionTypes,
} from '../../support/cards/adaptive-card-1.5-schema';

type Json = Record<string, unknown>;
const definitions = adaptiveCard15Schema.definitions as Record<string, { properties: Json }>;

/** Properties the adaptivecards package parses by hand rather than through its property schema. */
const HAND_PARSED = new Set(['fallback', 'items', 'rows', 'inlines', 'actions', 'card']);
const handParsed = (type: string, p: string): boolean =>
  HAND_PARSED.has(p) || (type === 'ColumnSet' && p === 'columns');
/**
 * Where the package's model and the 1.5 element reference differ, the reference wins:
 * ActionSet.orientation is a 1.6 property the package files under 1.1; TextRun is not an Element in the
 * reference (the package derives it from TextBlock, so it inherits id, spacing, separator ...).
 */
const NOT_IN_1_5_REFERENCE: Record<string, string[]> = {
  ActionSet: ['orientation'],
  TextRun: ['id', 'requires', 'lang', 'isVisible', 'separator', 'height', 'horizontalAlignment', 'spacing'],
};
const v15 = AC.Versions.v1_5;

function libraryProperties(registry: typeof AC.GlobalRegistry.elements | typeof AC.GlobalRegistry.actions) {
  const byType = new Map<string, Set<string>>();
  for (let i = 0; i < registry.getItemCount(); i++) {
    const item = registry.getItemAt(i);
    if (item.schemaVersion.compareTo(v15) > 0) continue;
    const schema = new item.objectType().getSchema();
    const names = new Set<string>();
    for (let j = 0; j < schema.getCount(); j++) {
      const p = schema.getItemAt(j);
      if (p.targetVersion.compareTo(v15) <= 0) names.add(p.name);
    }
    byType.set(item.typeName, names);
  }
  return byType;
}

describe('the Adaptive Cards 1.5 schema agrees with the adaptivecards package', () => {
  const elements = libraryProperties(AC.GlobalRegistry.elements);
  const actions = libraryProperties(AC.GlobalRegistry.actions);

  it('when the package knows an element or action type up to 1.5, then the schema has it too', () => {
    const libraryTypes = [...elements.keys(), ...actions.keys()].filter((t) => t !== 'TextRun').sort();
    expect([...schemaElementTypes, ...schemaActionTypes].sort()).toEqual(libraryTypes);
  });

  it.each([...schemaElementTypes, ...schemaActionTypes, 'TextRun'])(
    'when the package parses a property of %s, then the schema allows exactly that property',
    (type) => {
      const excluded = NOT_IN_1_5_REFERENCE[type] ?? [];
      const library = [...(elements.get(type) ?? actions.get(type) ?? [])].filter(
        (p) => !excluded.includes(p),
      );
      const ours = Object.keys(definitions[type].properties).filter((p) => !handParsed(type, p));
      expect(ours.sort()).toEqual(library.sort());
    },
  );
});

describe('schema validation of a card', () => {
  const good: Json = {
    type: 'AdaptiveCard',
    version: '1.5',
    speak: 'Your MFA status',
    body: [
      { type: 'TextBlock', text: 'Your MFA status', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Status', value: 'Done' }] },
      { type: 'Image', url: 'https://example.org/a.png', altText: 'Shield' },
    ],
    actions: [{ type: 'Action.Execute', title: 'Set up now', verb: 'enrolment.start', data: { step: 1 } }],
  };

  it('when a card uses 1.5 elements correctly, then it passes every check', () => {
    expect(cardProblems(good)).toEqual([]);
  });

  it('when a card is too big for a Teams message, then it is flagged', () => {
    const big = { ...good, body: [{ type: 'TextBlock', text: 'x'.repeat(30_000) }] };
    expect(sizeProblems(big).join()).toContain('28 KB');
    expect(sizeProblems(good)).toEqual([]);
  });

  it('when a property is misspelt, then the schema names it', () => {
    const card = { ...good, body: [{ type: 'TextBlock', text: 'x', wieght: 'Bolder' }] };
    expect(schemaProblems(card).join('\n')).toContain('wieght');
  });

  it('when an element type is unknown, then the schema refuses it', () => {
    expect(schemaProblems({ ...good, body: [{ type: 'Imagee', url: 'x' }] })).not.toEqual([]);
  });

  it('when an enum value is wrong, then the schema refuses it', () => {
    expect(schemaProblems({ ...good, body: [{ type: 'TextBlock', text: 'x', color: 'red' }] })).not.toEqual(
      [],
    );
  });

  it('when a Teams chart carries a plain fallback, then it passes every check', () => {
    const chart = {
      type: 'Chart.VerticalBar',
      data: [{ x: '17 Nov', y: 3 }],
      fallback: { type: 'TextBlock', text: '17 Nov: 3 enrolled' },
    };
    expect(schemaTeamsExtensionTypes).toContain('Chart.VerticalBar');
    expect(cardProblems({ ...good, body: [chart] })).toEqual([]);
  });

  it('when a Teams chart has no fallback, then it is refused (other hosts would show nothing)', () => {
    const chart = { type: 'Chart.VerticalBar', data: [{ x: '17 Nov', y: 3 }] };
    expect(schemaProblems({ ...good, body: [chart] }).join('\n')).toContain('fallback');
  });

  it('when a Teams chart value is not a number, then the schema refuses it', () => {
    const chart = {
      type: 'Chart.VerticalBar',
      data: [{ x: '17 Nov', y: 'three' }],
      fallback: { type: 'TextBlock', text: '17 Nov: 3 enrolled' },
    };
    expect(schemaProblems({ ...good, body: [chart] })).not.toEqual([]);
  });

  it('when the card claims version 1.6, then it is refused (Teams renders up to 1.5)', () => {
    expect(schemaProblems({ ...good, version: '1.6' })).not.toEqual([]);
  });

  it('when an Action.Execute refresh names more than 60 users, then it is refused', () => {
    const userIds = Array.from({ length: 61 }, (_, i) => `user-${i}`);
    const refresh = { action: { type: 'Action.Execute', verb: 'x', title: 'Refresh' }, userIds };
    expect(schemaProblems({ ...good, refresh })).not.toEqual([]);
  });
});

describe('accessibility rules', () => {
  const base = { type: 'AdaptiveCard', version: '1.5', speak: 'Hello' };

  it('when a card has no speak text, then it is flagged', () => {
    expect(accessibilityProblems({ type: 'AdaptiveCard', version: '1.5', body: [] })).toContain(
      'the card has no speak text',
    );
  });

  it('when an image has no alt text, then it is flagged', () => {
    const card = { ...base, body: [{ type: 'Image', url: 'https://example.org/a.png' }] };
    expect(accessibilityProblems(card).join()).toContain('Image without altText');
  });

  it('when a status colour holds no words, then it is flagged as colour-only meaning', () => {
    const card = { ...base, body: [{ type: 'Container', style: 'attention', items: [] }] };
    expect(accessibilityProblems(card).join()).toContain('colour alone');
  });

  it('when a status colour also says the status in words, then it is accepted', () => {
    const card = {
      ...base,
      body: [
        { type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: 'Done', color: 'Good' }] },
      ],
    };
    expect(accessibilityProblems(card)).toEqual([]);
  });

  it('when a button has no title, then it is flagged', () => {
    const card = { ...base, actions: [{ type: 'Action.Submit', data: { action: 'x' } }] };
    expect(accessibilityProblems(card).join()).toContain('without a title');
  });
});
