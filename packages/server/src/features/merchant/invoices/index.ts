import type { MerchantResource } from '../resource.js';
import { sandboxInvoiceRoutes } from '../sandbox/sandbox-invoices.routes.js';
import { commitInvoiceRecalculationRoute } from './commit-invoice-recalculation.route.js';
import { createInvoiceRecalculationRoute } from './create-invoice-recalculation.route.js';
import { createInvoiceRefundRoute } from './create-invoice-refund.route.js';
import { createInvoiceRoute } from './create-invoice.route.js';
import { getInvoiceByCustomIdRoute } from './get-invoice-by-custom-id.route.js';
import { getInvoiceRoute } from './get-invoice.route.js';
import { invoiceLinksMigration } from './invoice-links.migration.js';
import { invoiceRefundsMigration } from './invoice-refunds.migration.js';
import { invoiceSimulator, invoiceTriggers, refundSimulator } from './invoice-simulators.js';
import { listInvoiceRefundsRoute } from './list-invoice-refunds.route.js';
import { listInvoicesRoute } from './list-invoices.route.js';
import './tables.js';

/** Invoices, their refunds and recalculations (CRYPTOPAY-API.md §2.1–2.3, §3.1). */
export const invoicesResource: MerchantResource = {
  routes: [
    createInvoiceRoute,
    listInvoicesRoute,
    getInvoiceByCustomIdRoute,
    getInvoiceRoute,
    createInvoiceRefundRoute,
    listInvoiceRefundsRoute,
    createInvoiceRecalculationRoute,
    commitInvoiceRecalculationRoute,
  ],
  migrations: {
    '017_invoice_links': invoiceLinksMigration,
    '023_invoice_refunds': invoiceRefundsMigration,
  },
  dashboardRoutes: [sandboxInvoiceRoutes],
  simulators: [invoiceSimulator, refundSimulator],
  triggers: invoiceTriggers,
};
