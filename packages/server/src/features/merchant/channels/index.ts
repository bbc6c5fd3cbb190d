import type { MerchantResource } from '../resource.js';
import { channelPaymentSimulator, channelPaymentTriggers, channelSimulator } from './channel-simulators.js';
import { channelsMigration } from './channels.migration.js';
import { createChannelRoute } from './create-channel.route.js';
import { getChannelByCustomIdRoute } from './get-channel-by-custom-id.route.js';
import { getChannelPaymentRoute } from './get-channel-payment.route.js';
import { getChannelRoute } from './get-channel.route.js';
import { listChannelPaymentsRoute } from './list-channel-payments.route.js';
import { listChannelsRoute } from './list-channels.route.js';
import { sandboxChannelRoutes } from './sandbox-channels.routes.js';
import './tables.js';
import { updateChannelRoute } from './update-channel.route.js';

/** Channels and channel payments (CRYPTOPAY-API.md §2.4, §2.5, §3.2). */
export const channelsResource: MerchantResource = {
  routes: [
    createChannelRoute,
    listChannelsRoute,
    getChannelByCustomIdRoute,
    getChannelRoute,
    updateChannelRoute,
    listChannelPaymentsRoute,
    getChannelPaymentRoute,
  ],
  migrations: { '018_channels': channelsMigration },
  dashboardRoutes: [sandboxChannelRoutes],
  simulators: [channelSimulator, channelPaymentSimulator],
  triggers: channelPaymentTriggers,
};
