import type { Feature } from '../feature';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { StaffRepository } from '../../ports/staff-repository';
import { emailOptOut as text } from '../../strings/campaigns';

/**
 * "stop emails": the person gets no more reminder emails (the Teams reminders are unaffected). Recorded on
 * the staff record (emailOptOutAt) and audited as `campaign.email-opt-out`; saying it twice changes nothing.
 */
export function createEmailOptOutFeature(deps: {
  staff: StaffRepository;
  audit: AuditLog;
  clock: Clock;
}): Feature {
  return {
    name: 'email-opt-out',
    commands: [
      {
        id: 'stop-emails',
        phrases: ['stop emails', 'stop email', 'unsubscribe'],
        usage: 'stop emails',
        description: text.description,
        audience: 'staff',
        async run(req) {
          const person = req.staff;
          if (person.emailOptOutAt) return void (await req.turn.sendActivity(text.already));
          const now = deps.clock.now();
          await deps.staff.update(person.aadObjectId, person.version, { emailOptOutAt: now }, now, person);
          await deps.audit.append({
            at: now,
            actor: person.aadObjectId,
            actorUpn: person.upn,
            action: 'campaign.email-opt-out',
            target: person.aadObjectId,
            targetUpn: person.upn,
            after: { emailOptOut: true },
            outcome: 'success',
          });
          await req.turn.sendActivity(text.done);
        },
      },
    ],
  };
}
