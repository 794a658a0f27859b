import type { Migration } from 'kysely';
import * as m001 from './001-core.ts';
import * as m002 from './002-jobs.ts';
import * as m003 from './003-slack.ts';
import * as m004 from './004-slack-delivery.ts';
import * as m005 from './005-slack-inbound.ts';
import * as m006 from './006-alerts.ts';
import * as m007 from './007-learning.ts';
import * as m008 from './008-web.ts';
import * as m009 from './009-auth-notify.ts';
import * as m010 from './010-work-notify.ts';
import * as m011 from './011-insight-summaries.ts';
import * as m012 from './012-slack-gaps.ts';
import * as m013 from './013-playbook-edits.ts';
import * as m014 from './014-alert-source-receipts.ts';
import * as m015 from './015-alert-delivery-check.ts';
import * as m016 from './016-slack-digests.ts';
import * as m017 from './017-insight-facts.ts';
import * as m018 from './018-queue-workspace-keys.ts';
import * as m019 from './019-alert-source-notify.ts';

/**
 * Every migration, by name, in the order they run. Static imports rather than Kysely's
 * FileMigrationProvider: no directory scanning at runtime, works the same under tsx, vitest and a
 * bundle, and a missing file is a type error. Add each new migration here.
 */
export const migrations: Record<string, Migration> = {
  '001-core': m001,
  '002-jobs': m002,
  '003-slack': m003,
  '004-slack-delivery': m004,
  '005-slack-inbound': m005,
  '006-alerts': m006,
  '007-learning': m007,
  '008-web': m008,
  '009-auth-notify': m009,
  '010-work-notify': m010,
  '011-insight-summaries': m011,
  '012-slack-gaps': m012,
  '013-playbook-edits': m013,
  '014-alert-source-receipts': m014,
  '015-alert-delivery-check': m015,
  '016-slack-digests': m016,
  '017-insight-facts': m017,
  '018-queue-workspace-keys': m018,
  '019-alert-source-notify': m019,
};
