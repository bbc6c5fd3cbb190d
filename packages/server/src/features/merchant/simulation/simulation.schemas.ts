import { z } from 'zod';

/** What the sandbox can simulate and trigger: the dashboard page builds its forms from this. */
export const simulationCatalogue = z.object({
  simulators: z.array(
    z.object({
      resource: z.string(),
      states: z.array(z.string()),
      options: z.record(z.string(), z.string()),
    }),
  ),
  triggers: z.array(z.string()),
});

const name = z.string().min(1).max(60, 'must be at most 60 characters');

export const simulateBody = z.object({
  resource: name,
  id: z.string().min(1).max(100, 'must be at most 100 characters'),
  state: name,
  options: z.record(z.string().max(40), z.string().max(200)).default({}),
});

export const triggerBody = z.object({ event: name });

/** The object the simulation or trigger left behind, as the merchant API shows it. */
export const simulationResult = z.object({ data: z.unknown() });

export type SimulationCatalogue = z.infer<typeof simulationCatalogue>;
export type SimulateBody = z.input<typeof simulateBody>;
