import { runQuery } from '../../../app/context.ts';
import { getReport } from '../../../app/reports/get-report.ts';
import type { ReportStatus } from '../../../domain/report-lifecycle.ts';
import { PermanentError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findSlackMessage } from '../../../store/slack-channels.ts';
import { findUserById } from '../../../store/users.ts';
import { renderReportMessage } from '../blocks/report-message.ts';
import { namedChannelId } from './channels.ts';
import { deliveryActor, type SlackDelivery } from './context.ts';
import { postKept } from './kept-message.ts';

/**
 * `slack.post_report`: the report in the playbook's triage channel with its buttons. Kept as
 * `report:<id>`: the first delivery posts it, every later one (a retry, or a new row after the
 * report moved on) edits that message to the report's current state. Rows written by report
 * changes carry `onlyIfPosted`: they edit a posted message and never post one.
 */
export function postReport(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const reportId = outbox.payload['reportId'];
    if (typeof reportId !== 'string') throw new PermanentError('slack.post_report needs a reportId');
    // A change to a report that was never posted (recorded-only alerts, Slack added later) posts nothing.
    const isRefresh = outbox.payload['onlyIfPosted'] === true;
    if (isRefresh && !(await findSlackMessage(delivery.app.db, delivery.app.workspaceId, `report:${reportId}`))) {
      return { skipped: 'not posted' };
    }
    const { row } = await runQuery(delivery.app, deliveryActor, getReport, { reportId });
    const { playbook } = delivery.app.playbooks.current();
    const assignee = row.assignee_id ? await findUserById(delivery.app.db, delivery.app.workspaceId, row.assignee_id) : undefined;
    const content = renderReportMessage({
      report: {
        id: row.id,
        number: row.number,
        title: row.title,
        description: row.description,
        source: row.source,
        status: row.status as ReportStatus,
        dismissReason: row.dismiss_reason,
      },
      assignee,
      locale: playbook.workspace.defaultLocale,
      url: `${delivery.publicUrl}/reports/${row.number}`,
    });
    const triage = playbook.channels['triage'] ?? 'incidents';
    const channel = await namedChannelId(delivery, triage);
    const sent = await postKept(delivery, {
      purpose: `report:${row.id}`,
      channel,
      text: content.text,
      blocks: content.blocks,
      reportId: row.id,
      isUpdatable: true,
    });
    return { channel: sent.channel, ts: sent.ts, posted: sent.posted };
  };
}
