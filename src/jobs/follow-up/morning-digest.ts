import { z } from 'zod';
import { getDigest } from '../../app/actions/digest.ts';
import { runQuery, runUseCase, type AppDeps } from '../../app/context.ts';
import { changeIncidentStatus } from '../../app/incidents/change-status.ts';
import type { Actor } from '../../domain/actor.ts';
import { digestLines, digestText } from '../../domain/digest.ts';
import { isDomainError } from '../../domain/errors.ts';
import { findSettledFollowUps } from '../../store/follow-up.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import { saveDigest } from '../../store/slack-digests.ts';
import { recurring, type RecurringSchedule } from '../recurring.ts';
import { defineJob, type JobDefinition } from '../scheduler.ts';
import type { WorkLogger } from '../work-loop.ts';

/**
 * The morning check (docs/jobs.md, docs/actions.md): at the playbook's `followUp.digest` time
 * (default 09:30 Asia/Tokyo, weekdays), post the digest of open prevention actions by owner to the
 * digest channel, then close the incidents in follow-up whose actions are all settled (when the
 * playbook's `followUp.autoClose` says so), through the status use case so closing archives
 * the channel. The day's digest is recorded (slack_digests) so that later changes to its actions
 * edit the message (slack.refresh_digest). One slot per local date (`digest:<workspace>:<date>`): it runs once however many
 * processes run.
 */

export const MORNING_DIGEST_JOB = 'follow_up.morning_digest';
/** Reads the digest: sees every incident, but the Slack digest leaves private ones out. */
const DIGEST_READER: Actor = { userId: 'system:digest', role: 'admin' };
/** Digest lines sent with their buttons (Slack's 50-block limit lets the message show 20). */
const DIGEST_BUTTON_LINES = 20;
const AUTO_CLOSE_NOTE = 'auto-close (morning check): every prevention action is done or deferred';

const payload = z.object({ workspaceId: z.string().min(1), date: z.iso.date() });

export interface MorningDigestDeps {
  app: AppDeps;
  /** Base of the links in the message (HIKESHI_PUBLIC_URL). */
  publicUrl: string;
  logger?: WorkLogger;
}

/** The job: digest to Slack, then the auto-close sweep. */
export function morningDigestJob(deps: MorningDigestDeps): JobDefinition<z.output<typeof payload>> {
  return defineJob({
    name: MORNING_DIGEST_JOB,
    version: 1,
    payload,
    handler: async (input, job) => {
      const { app } = deps;
      const playbook = app.playbooks.current().playbook;
      const digest = await runQuery(app, DIGEST_READER, getDigest, { publicOnly: true });
      const channelKey = playbook.followUp.digest.channel;
      const channel = playbook.channels[channelKey] ?? channelKey;
      const locale = playbook.workspace.defaultLocale;
      const text = digestText(digest, locale, (id) => `${deps.publicUrl}/actions/${id}`);
      // The delivery side renders "Done…" / "Defer…" buttons for the first actions (docs/actions.md).
      const listed = digestLines(digest);
      const buttons = { locale, actions: listed.slice(0, DIGEST_BUTTON_LINES), total: listed.length, date: digest.date };
      // The slot's key: a re-run of the same day's slot posts nothing new.
      const postKey = `slack.post_message:${job.key}`;
      // The day's digest is recorded with its post, so a later change to an action can edit it.
      await app.db.transaction().execute(async (tx) => {
        await saveDigest(tx, { workspaceId: input.workspaceId, date: digest.date, locale, actionIds: listed.map((l) => l.id), postKey, at: job.now });
        await enqueueOutbox(tx, {
          id: app.newId(),
          workspaceId: input.workspaceId,
          topic: 'slack.post_message',
          idempotencyKey: postKey,
          incidentId: null,
          payload: { channel, text, digest: buttons },
          at: job.now,
        });
      });
      const closed = playbook.followUp.autoClose ? await closeSettled(deps) : [];
      return { date: digest.date, totals: digest.totals, owners: digest.owners.length, closed };
    },
  });
}

/** Closes every settled follow-up incident; one that cannot close (another blocker) is left. */
async function closeSettled(deps: MorningDigestDeps): Promise<string[]> {
  const { app } = deps;
  const closed: string[] = [];
  for (const incident of await findSettledFollowUps(app.db, app.workspaceId)) {
    if (incident.closerId === null) continue;
    try {
      await runUseCase(app, { userId: incident.closerId, role: 'responder' }, changeIncidentStatus, {
        incidentId: incident.id,
        status: 'closed',
        note: AUTO_CLOSE_NOTE,
      });
      closed.push(incident.id);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      deps.logger?.warn({ incidentId: incident.id, code: error.code }, 'auto-close skipped');
    }
  }
  return closed;
}

/** The daily schedule from the playbook's `followUp.digest`. */
export function morningDigestSchedule(
  app: AppDeps,
  job: JobDefinition<z.output<typeof payload>>,
): RecurringSchedule<z.output<typeof payload>> {
  const { time, timezone, weekdaysOnly } = app.playbooks.current().playbook.followUp.digest;
  return recurring({
    job,
    spec: { time, timezone, weekdaysOnly },
    key: (date) => `digest:${app.workspaceId}:${date}`,
    payload: ({ localDate }) => ({ workspaceId: app.workspaceId, date: localDate }),
    workspaceId: app.workspaceId,
  });
}
