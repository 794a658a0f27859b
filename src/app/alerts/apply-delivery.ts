import { writeIngest, writesOneStatement } from '../../store/alert-ingest.ts';
import type { UseCase, UseCaseContext } from '../context.ts';
import { IngestConflict } from './ingest-conflict.ts';
import type { DeliveryPlan, IngestResult } from './plan-delivery.ts';
import { placementWrites, recordPlacement } from './record-placement.ts';
import { isSignalled, signalResolves } from './signal-resolves.ts';

/**
 * Writes what planDelivery decided, whole or not at all: new reports and incidents' timelines
 * (with their outbox rows) first, then one last statement with the alerts, groups and counters,
 * whose compare-and-set conditions check that what the plan read has not changed. When one fails
 * it throws IngestConflict and ingestDelivery plans the delivery again from a fresh read.
 *
 * Most deliveries (repeats, new alerts joining an open report) write only that last statement:
 * it then runs on its own, without BEGIN/COMMIT (see `writesOneStatement`), so the rows every
 * delivery of a storm touches are locked only while PostgreSQL executes and commits it.
 */
export const applyDelivery: UseCase<DeliveryPlan, IngestResult> = Object.assign(
  async (ctx: UseCaseContext, plan: DeliveryPlan): Promise<IngestResult> => {
    // The rows carry the time the delivery was read and decided at.
    const at: UseCaseContext = { ...ctx, now: plan.now };
    for (const placed of plan.groups) await recordPlacement(at, placed, { policy: plan.policy, sourceId: plan.sourceId });
    await signalResolves(at, plan.resolves);
    const outcome = await writeIngest(at.tx, plan.write);
    if (!outcome.ok) throw new IngestConflict(outcome.expected, outcome.actual);
    return plan.result;
  },
  {
    writesOneStatement: (plan: DeliveryPlan): boolean =>
      !plan.groups.some(placementWrites) && !plan.resolves.some(isSignalled) && writesOneStatement(plan.write),
  },
);
