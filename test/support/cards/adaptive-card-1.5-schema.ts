/**
 * A JSON schema (draft-07) for Adaptive Cards 1.5 as Microsoft Teams renders them.
 *
 * Why this is written here: no npm package ships the official adaptive-card.json for 1.5 (checked: adaptivecards
 * 3.0.6, adaptivecards-templating 2.3.1, adaptivecards-designer 2.4.4 (a 1.0-era draft-06 schema only),
 * @microsoft/adaptivecards-tools 1.3.11, @microsoft/teams.cards 2.1.0, @microsoft/app-manifest 1.1.2,
 * @microsoft/teams-manifest 0.1.9). So the schema follows the 1.5 element reference, and
 * test/unit/cards/card-schema.test.ts checks it against the property model of the `adaptivecards` package:
 * every property that package knows for a type (up to 1.5) is allowed here, and nothing else is.
 * Elements and actions are closed (additionalProperties: false) so a misspelt property fails validation.
 * Enum values are matched case-insensitively in spirit: lower-case and Capitalised forms are both accepted.
 */
type Schema = Record<string, unknown>;

const enumOf = (...values: string[]): Schema => ({
  enum: [...new Set(values.flatMap((v) => [v, v.charAt(0).toUpperCase() + v.slice(1)]))],
});
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const num: Schema = { type: 'number' };
const pixels: Schema = { type: 'string', pattern: '^[0-9]+px$' };

const spacing = enumOf('none', 'small', 'default', 'medium', 'large', 'extraLarge', 'padding');
const horizontalAlignment = enumOf('left', 'center', 'right');
const verticalAlignment = enumOf('top', 'center', 'bottom');
const containerStyle = enumOf('default', 'emphasis', 'accent', 'good', 'attention', 'warning');
const textColor = enumOf('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention');
const textSize = enumOf('small', 'default', 'medium', 'large', 'extraLarge');
const textWeight = enumOf('lighter', 'default', 'bolder');
const fontType = enumOf('default', 'monospace');

/** Properties every element has (Element in the 1.5 reference). */
const elementCommon: Schema = {
  id: str,
  requires: { type: 'object', additionalProperties: str },
  fallback: { anyOf: [ref('Element'), enumOf('drop')] },
  isVisible: bool,
  separator: bool,
  spacing,
  height: enumOf('auto', 'stretch'),
  horizontalAlignment,
  lang: str,
};

const textCommon: Schema = {
  text: str,
  size: textSize,
  weight: textWeight,
  color: textColor,
  isSubtle: bool,
  fontType,
};

const inputCommon: Schema = { label: str, isRequired: bool, errorMessage: str };

const containerCommon: Schema = {
  selectAction: ref('SelectAction'),
  style: containerStyle,
  bleed: bool,
  minHeight: pixels,
  backgroundImage: { anyOf: [str, ref('BackgroundImage')] },
  verticalContentAlignment: verticalAlignment,
  rtl: bool,
};

function element(type: string, props: Schema, required: string[] = []): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...required],
    properties: { type: { const: type }, ...elementCommon, ...props },
  };
}

const actionCommon: Schema = {
  id: str,
  requires: { type: 'object', additionalProperties: str },
  fallback: { anyOf: [ref('Action'), enumOf('drop')] },
  title: str,
  iconUrl: str,
  style: enumOf('default', 'positive', 'destructive'),
  mode: enumOf('primary', 'secondary'),
  tooltip: str,
  isEnabled: bool,
};

function action(type: string, props: Schema, required: string[] = []): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...required],
    properties: { type: { const: type }, ...actionCommon, ...props },
  };
}

const submitData: Schema = { anyOf: [str, { type: 'object' }] };
const associatedInputs = enumOf('auto', 'none');

const elementTypes = [
  'TextBlock',
  'RichTextBlock',
  'Image',
  'ImageSet',
  'Media',
  'FactSet',
  'Container',
  'ColumnSet',
  'ActionSet',
  'Table',
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.Time',
  'Input.Toggle',
  'Input.ChoiceSet',
];
/**
 * Elements only Microsoft Teams renders (charts, documented in "Charts in Adaptive Cards" on
 * learn.microsoft.com). Other hosts, including the Agents Playground and the adaptivecards package, do not
 * know them, so every use must carry a `fallback` that says the same thing in plain 1.5 elements.
 */
const teamsExtensionElementTypes = ['Chart.VerticalBar'];
const actionTypes = [
  'Action.OpenUrl',
  'Action.Submit',
  'Action.ShowCard',
  'Action.ToggleVisibility',
  'Action.Execute',
];

function oneOfTypes(types: string[]): Schema {
  // Dispatch on "type" so an error points at the element's own definition rather than at all 16 alternatives.
  return {
    type: 'object',
    required: ['type'],
    properties: { type: { enum: types } },
    allOf: types.map((t) => ({ if: { properties: { type: { const: t } } }, then: ref(t) })),
  };
}

export const adaptiveCard15Schema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'mfa-enrolment-bot/adaptive-card-1.5.schema.json',
  title: 'Adaptive Card 1.5 (Microsoft Teams)',
  ...ref('AdaptiveCard'),
  definitions: {
    AdaptiveCard: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'version'],
      properties: {
        type: { const: 'AdaptiveCard' },
        $schema: str,
        version: { enum: ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'] },
        body: { type: 'array', items: ref('Element') },
        actions: { type: 'array', items: ref('Action') },
        refresh: ref('Refresh'),
        authentication: { type: 'object' },
        fallbackText: str,
        speak: str,
        lang: str,
        rtl: bool,
        minHeight: pixels,
        verticalContentAlignment: verticalAlignment,
        selectAction: ref('SelectAction'),
        backgroundImage: { anyOf: [str, ref('BackgroundImage')] },
        metadata: { type: 'object', properties: { webUrl: str } },
        msteams: {
          type: 'object',
          properties: { width: enumOf('full'), entities: { type: 'array' } },
          additionalProperties: false,
        },
      },
    },
    Element: oneOfTypes([...elementTypes, ...teamsExtensionElementTypes]),
    Action: oneOfTypes(actionTypes),
    SelectAction: oneOfTypes([
      'Action.OpenUrl',
      'Action.Submit',
      'Action.ToggleVisibility',
      'Action.Execute',
    ]),
    Refresh: {
      type: 'object',
      additionalProperties: false,
      properties: { action: ref('Action.Execute'), userIds: { type: 'array', items: str, maxItems: 60 } },
    },
    BackgroundImage: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: str,
        fillMode: enumOf('cover', 'repeatHorizontally', 'repeatVertically', 'repeat'),
        horizontalAlignment,
        verticalAlignment,
      },
    },
    'Chart.VerticalBar': element(
      'Chart.VerticalBar',
      {
        title: str,
        xAxisTitle: str,
        yAxisTitle: str,
        showBarValues: bool,
        colorSet: str,
        color: str,
        data: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['x', 'y'],
            properties: { x: { anyOf: [str, num] }, y: num, color: str },
          },
        },
      },
      ['data', 'fallback'],
    ),
    TextBlock: element(
      'TextBlock',
      { ...textCommon, wrap: bool, maxLines: num, style: enumOf('default', 'heading') },
      ['text'],
    ),
    TextRun: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'text'],
      properties: {
        type: { const: 'TextRun' },
        ...textCommon,
        italic: bool,
        strikethrough: bool,
        highlight: bool,
        underline: bool,
        selectAction: ref('SelectAction'),
      },
    },
    RichTextBlock: element(
      'RichTextBlock',
      { inlines: { type: 'array', items: { anyOf: [ref('TextRun'), str] } } },
      ['inlines'],
    ),
    Image: element(
      'Image',
      {
        url: str,
        altText: str,
        backgroundColor: str,
        style: enumOf('default', 'person'),
        size: enumOf('auto', 'stretch', 'small', 'medium', 'large'),
        width: pixels,
        height: { anyOf: [pixels, enumOf('auto', 'stretch')] },
        selectAction: ref('SelectAction'),
      },
      ['url'],
    ),
    ImageSet: element(
      'ImageSet',
      {
        images: { type: 'array', items: ref('Image') },
        imageSize: enumOf('auto', 'stretch', 'small', 'medium', 'large'),
      },
      ['images'],
    ),
    Media: element(
      'Media',
      {
        sources: {
          type: 'array',
          items: { type: 'object', required: ['url'], properties: { url: str, mimeType: str } },
        },
        poster: str,
        altText: str,
      },
      ['sources'],
    ),
    FactSet: element(
      'FactSet',
      {
        facts: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['title', 'value'],
            properties: { title: str, value: str },
          },
        },
      },
      ['facts'],
    ),
    Container: element('Container', { ...containerCommon, items: { type: 'array', items: ref('Element') } }, [
      'items',
    ]),
    Column: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { const: 'Column' },
        ...elementCommon,
        ...containerCommon,
        items: { type: 'array', items: ref('Element') },
        width: {
          anyOf: [num, enumOf('auto', 'stretch'), { type: 'string', pattern: '^([0-9]+px|[0-9]+)$' }],
        },
      },
    },
    ColumnSet: element('ColumnSet', {
      columns: { type: 'array', items: ref('Column') },
      selectAction: ref('SelectAction'),
      style: containerStyle,
      bleed: bool,
      minHeight: pixels,
    }),
    ActionSet: element('ActionSet', { actions: { type: 'array', items: ref('Action') } }, ['actions']),
    Table: element('Table', {
      columns: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            width: { anyOf: [num, { type: 'string', pattern: '^[0-9]+px$' }] },
            horizontalCellContentAlignment: horizontalAlignment,
            verticalCellContentAlignment: verticalAlignment,
          },
        },
      },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          properties: {
            type: { const: 'TableRow' },
            cells: {
              type: 'array',
              items: {
                type: 'object',
                required: ['type', 'items'],
                properties: { type: { const: 'TableCell' }, items: { type: 'array', items: ref('Element') } },
              },
            },
            style: containerStyle,
            horizontalCellContentAlignment: horizontalAlignment,
            verticalCellContentAlignment: verticalAlignment,
          },
        },
      },
      firstRowAsHeaders: bool,
      showGridLines: bool,
      gridStyle: containerStyle,
      style: containerStyle,
      horizontalCellContentAlignment: horizontalAlignment,
      verticalCellContentAlignment: verticalAlignment,
    }),
    'Input.Text': element(
      'Input.Text',
      {
        ...inputCommon,
        value: str,
        maxLength: num,
        isMultiline: bool,
        placeholder: str,
        style: enumOf('text', 'tel', 'url', 'email', 'password'),
        inlineAction: ref('SelectAction'),
        regex: str,
      },
      ['id'],
    ),
    'Input.Number': element(
      'Input.Number',
      { ...inputCommon, value: num, placeholder: str, min: num, max: num },
      ['id'],
    ),
    'Input.Date': element(
      'Input.Date',
      { ...inputCommon, value: str, placeholder: str, min: str, max: str },
      ['id'],
    ),
    'Input.Time': element(
      'Input.Time',
      { ...inputCommon, value: str, placeholder: str, min: str, max: str },
      ['id'],
    ),
    'Input.Toggle': element(
      'Input.Toggle',
      { ...inputCommon, value: str, title: str, valueOn: str, valueOff: str, wrap: bool },
      ['id', 'title'],
    ),
    'Input.ChoiceSet': element(
      'Input.ChoiceSet',
      {
        ...inputCommon,
        value: str,
        choices: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['title', 'value'],
            properties: { title: str, value: str },
          },
        },
        style: enumOf('compact', 'expanded', 'filtered'),
        isMultiSelect: bool,
        placeholder: str,
        wrap: bool,
      },
      ['id'],
    ),
    'Action.OpenUrl': action('Action.OpenUrl', { url: str }, ['url']),
    'Action.Submit': action('Action.Submit', { data: submitData, associatedInputs }),
    'Action.Execute': action('Action.Execute', { verb: str, data: submitData, associatedInputs }),
    'Action.ShowCard': action('Action.ShowCard', { card: ref('AdaptiveCard') }),
    'Action.ToggleVisibility': action(
      'Action.ToggleVisibility',
      {
        targetElements: {
          type: 'array',
          items: {
            anyOf: [
              str,
              {
                type: 'object',
                additionalProperties: false,
                required: ['elementId'],
                properties: { elementId: str, isVisible: bool },
              },
            ],
          },
        },
      },
      ['targetElements'],
    ),
  },
};

export const schemaElementTypes: readonly string[] = elementTypes;
export const schemaActionTypes: readonly string[] = actionTypes;
/** Teams-only elements (each must carry a fallback); see teamsExtensionElementTypes. */
export const schemaTeamsExtensionTypes: readonly string[] = teamsExtensionElementTypes;
