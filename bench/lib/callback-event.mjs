// The event the callback parts deliver: an invoice's status change, as Cryptopay's callbacks carry
// it. The callbacks part enqueues it directly; the platform events part publishes it through the API.
export const CALLBACK_EVENT = {
  type: 'Invoice',
  event: 'status_changed',
  data: {
    id: '8b0d2c5e-9f3e-4a3b-8a9e-2f0f5b1c7d11',
    status: 'paid',
    price_amount: '100.50',
    price_currency: 'EUR',
    pay_amount: '0.00251234',
    pay_currency: 'BTC',
    network: 'bitcoin',
    address: 'tb1qbenchbenchbenchbenchbenchbenchbench0',
    custom_id: 'order-42',
    created_at: '2024-01-01T00:00:00.000Z',
  },
};
