import type { SandboxObject } from '../api/types';
import { humanize } from '../ui/format';

/**
 * What the page knows about a simulator's resource beyond the catalogue (which only names it):
 * how to call it, and where the dashboard lists the account's objects of that kind for the id
 * picker. A resource the server adds later works without an entry here, just without a picker.
 */
interface ResourceInfo {
  label: string;
  /** A dashboard list (`{data, meta}`, newest first) of the account's objects of this kind. */
  list?: string;
  /** Where the objects are shown, when no picker can list them (e.g. payments, per channel). */
  hint?: string;
}

const RESOURCES: Readonly<Record<string, ResourceInfo>> = {
  invoice: { label: 'Invoice', list: '/sandbox/invoices' },
  channel: { label: 'Channel', list: '/sandbox/channels' },
  channel_payment: {
    label: 'Channel payment',
    hint: 'The Test channels page lists each channel’s payments, with a link here.',
  },
  coin_withdrawal: { label: 'Coin withdrawal', list: '/sandbox/coin-withdrawals' },
  subscription: { label: 'Subscription', list: '/sandbox/subscriptions' },
  refund: {
    label: 'Refund',
    hint: 'The id POST /api/invoices/{id}/refunds answered (GET …/refunds lists them).',
  },
};

export function resourceLabel(resource: string): string {
  return RESOURCES[resource]?.label ?? humanize(resource);
}

export function resourceList(resource: string): string | undefined {
  return RESOURCES[resource]?.list;
}

export function resourceHint(resource: string): string | undefined {
  return RESOURCES[resource]?.hint;
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

/** `100.00 EUR` from the first amount the object has, or null. */
function amountOf(o: SandboxObject): string | null {
  for (const prefix of ['price', 'paid', 'charged', 'received', '']) {
    const amount = text(o[prefix ? `${prefix}_amount` : 'amount']);
    const currency = text(o[prefix ? `${prefix}_currency` : 'currency']);
    if (amount) return currency ? `${amount} ${currency}` : amount;
  }
  return null;
}

/** One line naming an object in a picker: its name or custom id, status and amount. */
export function describeObject(o: SandboxObject): string {
  const id = text(o.id) ?? '?';
  const name = text(o.name) ?? text(o.custom_id);
  const status = text(o.status);
  const context = text(o.status_context);
  return [
    name ? `${name} (${id.slice(0, 8)}…)` : id,
    status ? humanize(status) + (context ? ` / ${humanize(context)}` : '') : null,
    amountOf(o),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The fields worth a line of their own, in the order shown; the rest is in the JSON. */
const KEY_FIELDS = [
  'id',
  'custom_id',
  'name',
  'status',
  'status_context',
  'price_amount',
  'pay_amount',
  'paid_amount',
  'received_amount',
  'charged_amount',
  'amount',
  'fee',
  'current_period_paid',
  'channel_id',
  'invoice_id',
  'address',
  'network',
  'txid',
  'cancelled_at',
  'created_at',
] as const;

export interface KeyField {
  key: string;
  label: string;
  value: string;
}

/**
 * The fields that may name an amount's currency, first found wins: `price_amount` →
 * `price_currency`, `fee` → `fee_currency`; an invoice's `paid_amount` is in its `pay_currency`.
 */
function currencyKeysOf(key: string): string[] {
  if (key === 'fee') return ['fee_currency'];
  if (key === 'amount') return ['currency'];
  if (key === 'paid_amount') return ['paid_currency', 'pay_currency'];
  if (key.endsWith('_amount')) return [`${key.slice(0, -'_amount'.length)}_currency`];
  return [];
}

/** The object's key fields as label/value pairs (amounts with their currency); nulls and nested values are left to the JSON. */
export function keyFields(o: SandboxObject): KeyField[] {
  const out: KeyField[] = [];
  for (const key of KEY_FIELDS) {
    const value = text(o[key]);
    if (value === null) continue;
    const currency = currencyKeysOf(key)
      .map((k) => text(o[k]))
      .find((c) => c !== null);
    out.push({
      key,
      label: key === 'id' ? 'ID' : humanize(key.replace(/_amount$/, '')),
      value: currency ? `${value} ${currency}` : value,
    });
  }
  return out;
}

/** `ChannelPayment.completed` → `{type: 'ChannelPayment', event: 'completed'}`. */
export function splitEvent(name: string): { type: string; event: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { type: name, event: '' } : { type: name.slice(0, dot), event: name.slice(dot + 1) };
}

/** Trigger events grouped by their type, in the catalogue's order. */
export function groupEvents(events: readonly string[]): { type: string; events: string[] }[] {
  const groups: { type: string; events: string[] }[] = [];
  for (const name of events) {
    const { type } = splitEvent(name);
    const group = groups.find((g) => g.type === type);
    if (group) group.events.push(name);
    else groups.push({ type, events: [name] });
  }
  return groups;
}
