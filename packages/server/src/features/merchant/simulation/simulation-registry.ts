import type { Simulator, Trigger } from '../resource.js';

/**
 * The sandbox's "every state one call away": every resource's simulators and triggers, looked up
 * by name. Built once from the resource list (merchant/index.ts), so the CLI, the dashboard's
 * generic endpoints and the catalogue the dashboard page reads can never disagree.
 */
export interface SimulationRegistry {
  simulators: readonly Simulator[];
  triggers: readonly Trigger[];
  simulator(resource: string): Simulator | undefined;
  trigger(event: string): Trigger | undefined;
}

export function simulationRegistry(
  simulators: readonly Simulator[],
  triggers: readonly Trigger[],
): SimulationRegistry {
  const byResource = new Map(simulators.map((s) => [s.resource, s]));
  const byEvent = new Map(triggers.map((t) => [t.event, t]));
  if (byResource.size !== simulators.length) throw new Error('two sandbox simulators share a resource name');
  if (byEvent.size !== triggers.length) throw new Error('two sandbox triggers share an event name');
  return {
    simulators,
    triggers,
    simulator: (resource) => byResource.get(resource),
    trigger: (event) => byEvent.get(event),
  };
}

/** Why a simulation request cannot even be tried, or null: the state or resource is unknown. */
export function checkSimulation(
  registry: SimulationRegistry,
  resource: string,
  state: string,
): string | null {
  const sim = registry.simulator(resource);
  if (!sim)
    return `unknown resource ${resource} (one of: ${registry.simulators.map((s) => s.resource).join(', ')})`;
  if (!sim.states.includes(state))
    return `${resource} cannot be moved to ${state} (one of: ${sim.states.join(', ')})`;
  return null;
}

/** `amount=0.5` style options of the CLI into an object; null names the malformed one. */
export function parseOptions(
  pairs: readonly string[],
): { ok: true; options: Record<string, string> } | { ok: false; bad: string } {
  const options: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, bad: pair };
    options[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { ok: true, options };
}
