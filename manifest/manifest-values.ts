import type { PackageConfig } from '../src/config';
import * as teamsApp from '../src/strings/teams-app';

/** A GUID nobody owns, used when MICROSOFT_APP_ID is unset so a package can still be built and checked. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-4000-8000-00000000fa4e';

export interface ManifestValues {
  values: Record<string, unknown>;
  warnings: string[];
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '::1']);

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname;
    return LOCAL_HOSTS.has(host) ? undefined : host;
  } catch {
    return undefined;
  }
}

/** Everything the template's {{placeholders}} are filled with, from settings and the strings catalogue. */
export function manifestValues(config: PackageConfig, packageVersion: string): ManifestValues {
  const warnings: string[] = [];
  const t = config.teamsApp;
  const botId = config.app.id || PLACEHOLDER_BOT_ID;
  if (!config.app.id) {
    warnings.push(
      `MICROSOFT_APP_ID is not set: the package uses the placeholder bot id ${PLACEHOLDER_BOT_ID}. ` +
        'Teams will accept the upload, but messages will not reach this bot. Set MICROSOFT_APP_ID and build again.',
    );
  }
  if (!hostOf(config.publicBaseUrl)) {
    warnings.push(
      "PUBLIC_BASE_URL is not the bot's public https address: validDomains leaves out the bot's host, so report " +
        'download links open outside Teams. Set it to https://<your host> and build again.',
    );
  }
  for (const [name, url] of [
    ['APP_WEBSITE_URL', t.websiteUrl],
    ['APP_PRIVACY_URL', t.privacyUrl],
    ['APP_TERMS_URL', t.termsUrl],
  ] as const) {
    if (hostOf(url) === 'example.org') warnings.push(`${name} is still the example link ${url}.`);
  }
  const validDomains = [
    ...new Set(
      [hostOf(config.publicBaseUrl), hostOf(t.websiteUrl), ...t.validDomains].filter((d): d is string => !!d),
    ),
  ];
  return {
    warnings,
    values: {
      version: t.packageVersion ?? packageVersion,
      appId: t.appId ?? botId,
      botId,
      developerName: t.developerName,
      websiteUrl: t.websiteUrl,
      privacyUrl: t.privacyUrl,
      termsUrl: t.termsUrl,
      nameShort: t.nameShort,
      nameFull: t.nameFull,
      descriptionShort: teamsApp.description.short(config.organisationName),
      descriptionFull: teamsApp.description.full(config.organisationName),
      accentColor: t.accentColor,
      personalCommands: [...teamsApp.staffCommands, ...teamsApp.adminCommands].map((c) => ({ ...c })),
      channelCommands: teamsApp.channelCommands.map((c) => ({ ...c })),
      validDomains,
    },
  };
}

const PLACEHOLDER = /^\{\{(\w+)\}\}$/;

/**
 * Replaces every string that is exactly "{{name}}" with values[name] (any JSON type, so lists stay lists).
 * An unknown placeholder is an error, and so is a placeholder inside a longer string.
 */
export function fillTemplate(template: unknown, values: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const m = PLACEHOLDER.exec(template);
    if (m) {
      if (!(m[1] in values)) throw new Error(`The manifest template uses {{${m[1]}}}, which has no value`);
      return values[m[1]];
    }
    if (template.includes('{{')) throw new Error(`A placeholder must be a whole string: "${template}"`);
    return template;
  }
  if (Array.isArray(template)) return template.map((v) => fillTemplate(v, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, values)]));
  }
  return template;
}
