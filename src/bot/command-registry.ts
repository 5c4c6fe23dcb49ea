import type { Command, Feature } from './feature';
import { matchForm } from '../turn/normalise-text';

export interface CommandMatch {
  command: Command;
  /** What followed the phrase, with the original spelling kept. */
  args: string;
}

interface Entry {
  phrase: string;
  pattern: RegExp;
  command: Command;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * All commands of all features, matched on whole words at the start of the text: "help" matches
 * "help", "help me" and "Help?" but not "helpdesk". When phrases overlap ("report" and "report status")
 * the longest one wins. Two commands claiming the same phrase is a programming error, found at start-up.
 */
export class CommandRegistry {
  private readonly entries: Entry[] = [];
  private readonly commands: Command[] = [];

  constructor(features: readonly Feature[]) {
    const owner = new Map<string, string>();
    for (const feature of features) {
      for (const command of feature.commands ?? []) {
        this.commands.push(command);
        for (const raw of command.phrases) {
          const phrase = raw.trim().toLowerCase().replace(/\s+/g, ' ');
          if (!phrase) throw new Error(`Command ${command.id} has an empty phrase`);
          const taken = owner.get(phrase);
          if (taken)
            throw new Error(`Command phrase "${phrase}" is claimed by both ${taken} and ${command.id}`);
          owner.set(phrase, command.id);
          const pattern = new RegExp(`^${escapeRegExp(phrase).replace(/ /g, '\\s+')}(?=$|[\\s,.;:!?])`, 'u');
          this.entries.push({ phrase, pattern, command });
        }
      }
    }
    this.entries.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  match(text: string): CommandMatch | undefined {
    const lower = matchForm(text);
    for (const entry of this.entries) {
      const m = entry.pattern.exec(lower);
      if (m) {
        const args = text
          .slice(m[0].length)
          .replace(/^[\s,.;:!?]+/u, '')
          .trim();
        return { command: entry.command, args };
      }
    }
    return undefined;
  }

  all(): readonly Command[] {
    return this.commands;
  }

  byId(id: string): Command | undefined {
    return this.commands.find((c) => c.id === id);
  }
}
