import type { MerchantResource } from '../resource.js';
import { cancelSubscriptionRoute } from './cancel-subscription.route.js';
import { createSubscriptionRoute } from './create-subscription.route.js';
import { getSubscriptionByCustomIdRoute } from './get-subscription-by-custom-id.route.js';
import { getSubscriptionRoute } from './get-subscription.route.js';
import { listSubscriptionsRoute } from './list-subscriptions.route.js';
import { sandboxSubscriptionRoutes } from './sandbox-subscriptions.routes.js';
import { subscriptionSimulator, subscriptionTriggers } from './subscription-simulators.js';
import { subscriptionsMigration } from './subscriptions.migration.js';
import './tables.js';

/** Subscriptions, i.e. e-mail billing (CRYPTOPAY-API.md §2.9, §3.4, §4.2). */
export const subscriptionsResource: MerchantResource = {
  routes: [
    createSubscriptionRoute,
    listSubscriptionsRoute,
    getSubscriptionByCustomIdRoute,
    getSubscriptionRoute,
    cancelSubscriptionRoute,
  ],
  migrations: { '022_subscriptions': subscriptionsMigration },
  dashboardRoutes: [sandboxSubscriptionRoutes],
  simulators: [subscriptionSimulator],
  triggers: subscriptionTriggers,
};
