import { z } from 'zod';

/** `GET /apis`: the HMAC-authenticated APIs this Signet serves, with the base URL clients call. */
export const apiList = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['gateway', 'cryptopay_sandbox']),
      mount: z.string(),
      base_url: z.string(),
    }),
  ),
});
export type ApiList = z.infer<typeof apiList>;
