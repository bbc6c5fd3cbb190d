import type { AppContext } from '../../../platform/context.js';
import { fieldError } from '../../../platform/http/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { actorOf } from '../../users/index.js';
import { checkSimulation, type SimulationRegistry } from './simulation-registry.js';
import { simulateBody, simulationCatalogue, simulationResult, triggerBody } from './simulation.schemas.js';

const tags = ['sandbox'];

/**
 * The dashboard's generic sandbox tools over every resource's simulators and triggers (the same
 * ones `signet sandbox` runs). Registered in sandbox mode only.
 */
export function sandboxSimulationRoutes(registry: SimulationRegistry) {
  return function register(app: ZodApp, ctx: AppContext) {
    if (ctx.config.mode !== 'sandbox') return;

    app.get(
      '/sandbox/simulations',
      {
        schema: {
          tags,
          summary: 'What can be simulated and triggered',
          response: { 200: simulationCatalogue },
        },
        config: { access: 'sandbox.read' },
      },
      async () => ({
        simulators: registry.simulators.map((s) => ({
          resource: s.resource,
          states: [...s.states],
          options: s.options ?? {},
        })),
        triggers: registry.triggers.map((t) => t.event),
      }),
    );

    app.post(
      '/sandbox/simulate',
      {
        schema: {
          body: simulateBody,
          tags,
          summary: 'Move any sandbox object to a state; its callbacks are sent',
          response: { 200: simulationResult },
        },
        config: { access: 'sandbox.simulate' },
      },
      async (request) => {
        const { resource, id, state, options } = request.body;
        const problem = checkSimulation(registry, resource, state);
        if (problem) throw fieldError(registry.simulator(resource) ? 'state' : 'resource', problem);
        const { accountId, actor, ip } = actorOf(request);
        const data = await registry
          .simulator(resource)!
          .simulate(ctx, accountId, id, state, options, { actor, ip });
        return { data };
      },
    );

    app.post(
      '/sandbox/trigger',
      {
        schema: {
          body: triggerBody,
          tags,
          summary: 'Create what an event needs and fire its callback',
          response: { 200: simulationResult },
        },
        config: { access: 'sandbox.simulate' },
      },
      async (request) => {
        const trigger = registry.trigger(request.body.event);
        if (!trigger)
          throw fieldError(
            'event',
            `must be one of: ${registry.triggers.map((t) => t.event).join(', ')}`,
            'must_be_included_in',
            { list: registry.triggers.map((t) => t.event) },
          );
        const { accountId, actor, ip } = actorOf(request);
        return { data: await trigger.fire(ctx, accountId, { actor, ip }) };
      },
    );
  };
}
