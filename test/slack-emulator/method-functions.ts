import { fail, jsonArg, isObject, nonEmpty, ok } from './args.ts';
import type { MethodHandler } from './context.ts';

/**
 * functions.completeSuccess and functions.completeError (docs.slack.dev/reference/methods), for
 * Workflow Builder custom steps: no scope; `function_execution_not_found` for an id the
 * workspace never started (`startFunctionExecution` in index.ts), `execution_not_in_running_state`
 * once it was completed or failed.
 */

function finish(outcome: 'completed' | 'failed'): MethodHandler {
  return (ctx) => {
    const id = nonEmpty(ctx.args, 'function_execution_id');
    const execution = id === undefined ? undefined : ctx.state.functionExecutions.get(id);
    if (!execution) return fail('function_execution_not_found');
    if (execution.state !== 'running') return fail('execution_not_in_running_state');
    if (outcome === 'completed') {
      const outputs = jsonArg(ctx.args, 'outputs');
      if (outputs.kind !== 'value' || !isObject(outputs.value)) return fail('invalid_arguments');
      execution.outputs = outputs.value;
    } else {
      const error = nonEmpty(ctx.args, 'error');
      if (error === undefined) return fail('invalid_arguments');
      execution.error = error;
    }
    execution.state = outcome;
    return ok();
  };
}

export const functionMethods: Readonly<Record<string, MethodHandler>> = {
  'functions.completeSuccess': finish('completed'),
  'functions.completeError': finish('failed'),
};
