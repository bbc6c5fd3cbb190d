import type { MerchantResource } from '../resource.js';
import { sandboxInvoiceRoutes } from '../sandbox/sandbox-invoices.routes.js';
import { createInvoiceRoute } from './create-invoice.route.js';
import { getInvoiceByCustomIdRoute } from './get-invoice-by-custom-id.route.js';
import { getInvoiceRoute } from './get-invoice.route.js';
import { invoiceLinksMigration } from './invoice-links.migration.js';
import { listInvoicesRoute } from './list-invoices.route.js';

export const invoicesResource: MerchantResource = {
  routes: [createInvoiceRoute, listInvoicesRoute, getInvoiceByCustomIdRoute, getInvoiceRoute],
  migrations: { '017_invoice_links': invoiceLinksMigration },
  dashboardRoutes: [sandboxInvoiceRoutes],
};
