import { COINS } from '../currencies.js';
import type { CoinList } from './coin.schemas.js';

/** The sandbox catalogue as `GET /api/coins` shows it; every network accepts invoices. */
export function listCoins(): CoinList {
  return {
    data: COINS.map((c) => ({
      currency: c.currency,
      name: c.name,
      precision: c.precision,
      networks: c.networks.map((n) => ({ ...n, invoices_available: true })),
    })),
    meta: { total: COINS.length },
  };
}
