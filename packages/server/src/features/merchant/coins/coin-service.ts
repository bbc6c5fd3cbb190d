import { COINS, findCoin } from '../currencies.js';
import type { CoinList } from './coin.schemas.js';

/**
 * The sandbox catalogue as `GET /api/coins` shows it: exactly Cryptopay's Coin and CoinNetwork
 * fields. The catalogue's internal fields (minimum amount, token contract, chain decimals) stay
 * off the wire, so a strict client model sees the documented shape.
 */
export function listCoins(logoUrl: (currency: string) => string): CoinList {
  return {
    data: COINS.map((c) => ({
      currency: c.currency,
      name: c.name,
      logo_url: logoUrl(c.currency),
      networks: c.networks.map((n) => ({
        network: n.network,
        name: n.name,
        precision: n.precision,
        destination_tag: n.destination_tag,
        invoices: n.invoices,
        channels: n.channels,
        coin_withdrawals: n.coin_withdrawals,
      })),
    })),
  };
}

/**
 * A coin's logo, drawn here so `logo_url` resolves without leaving the sandbox: the ticker on a
 * disc of the coin's colour. Null for a currency the catalogue does not have; the text is a
 * catalogue ticker (upper-case letters), never request input.
 */
export function coinLogoSvg(currency: string): string | null {
  const c = findCoin(currency);
  if (!c) return null;
  const size = c.currency.length > 3 ? 18 : 22;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<circle cx="32" cy="32" r="32" fill="${c.color}"/>` +
    `<text x="32" y="39" font-family="Helvetica, Arial, sans-serif" font-size="${size}" font-weight="700" ` +
    `fill="#ffffff" text-anchor="middle">${c.currency}</text></svg>`
  );
}
