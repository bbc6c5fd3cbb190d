import { z } from 'zod';
import { noNul, NUL_MESSAGE } from '../../../platform/http/zod-app.js';
import { risk } from '../wire/common-models.js';
import { single } from '../wire/list.js';
import { RISK_SCORE_CURRENCIES, RISK_SCORE_TYPES } from './risk-score.js';

/** `POST /api/risks/score` (CRYPTOPAY-API.md §2.14, legacy). Unknown fields are stripped. */
export const riskScoreBody = z.object({
  address: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .refine(noNul, NUL_MESSAGE),
  currency: z
    .string({ error: 'must be a currency code such as BTC' })
    .trim()
    .toUpperCase()
    .pipe(z.enum(RISK_SCORE_CURRENCIES)),
  type: z.enum(RISK_SCORE_TYPES),
});

/** `{data: Risk}`: the Risk model embedded in transactions and payments (wire/common-models.ts). */
export const riskScoreResponse = single(risk);

export type RiskScoreBody = z.input<typeof riskScoreBody>;
export type RiskScoreInput = z.output<typeof riskScoreBody>;
