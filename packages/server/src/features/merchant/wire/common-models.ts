import { z } from 'zod';

/** Embedded in invoices, payments, withdrawals, transfers (CRYPTOPAY-API.md §2.1). */
export const exchange = z.object({
  pair: z.string(),
  rate: z.string(),
  fee: z.string(),
  fee_currency: z.string(),
});
export type Exchange = z.infer<typeof exchange>;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** An address or transaction's risk score (0–10, 10 = high). */
export const risk = z.object({
  score: z.number(),
  level: z.enum(RISK_LEVELS),
  resource_name: z.string(),
  resource_category: z.string(),
});
export type Risk = z.infer<typeof risk>;

/** What the sandbox scores every counterparty it is not told to treat as illicit. */
export const LOW_RISK: Risk = {
  score: 0.5,
  level: 'low',
  resource_name: 'Unknown',
  resource_category: 'unknown',
};
/** An illicit counterparty (`illicit_resource`, `high_risk_address`). */
export const HIGH_RISK: Risk = {
  score: 9.6,
  level: 'high',
  resource_name: 'Sandbox mixer',
  resource_category: 'mixer',
};

/** A decimal string as the wire carries amounts (`"100.0"`, `"-1.5"`). */
export const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
