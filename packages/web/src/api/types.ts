// The dashboard's view of the management API: every wire type comes from the server's contract
// (packages/server/src/contract.ts, the same Zod schemas the server validates and serialises with).
// Type-only imports: nothing of the server reaches the browser bundle.
import type {
  ApiKeyView,
  ApiList as ServerApiList,
  AuditEntryView,
  CallbackSecretView,
  CallbackSettingsView,
  CallbackViewObject,
  CapabilitiesView,
  Channel,
  ChannelPayment,
  CreatedApiKey as ServerCreatedApiKey,
  CreatedInvitation,
  Invoice,
  MeView,
  PendingInvitation,
  PermissionCatalogue,
  SessionView,
  SimulationCatalogue as SimulationCatalogueView,
  TeamMember,
  TeamView,
} from '@signet/server/contract';

export type Role = SessionView['user']['role'];
export type Mode = SessionView['mode'];

/** A member of the team, as the users list shows them. */
export type User = TeamMember;
/** The signed-in user, as the session payloads carry them. */
export type SessionUser = SessionView['user'];
export type Account = SessionView['account'];
export type Capabilities = CapabilitiesView;
export type Capability = keyof CapabilitiesView;

/** Login, signup and invitation acceptance answer a SessionView; `GET /me` adds the capabilities. */
export type SessionPayload = SessionView & Partial<Pick<MeView, 'capabilities'>>;

export type { CreatedInvitation, PendingInvitation };
/** The roles an invitation or a role change can give (every role but Root). */
export type InvitableRole = PendingInvitation['role'];
export type UsersResponse = TeamView;

/** A catalogue entry: `group` is the id's part before its first ':' (e.g. `orders`), by which the picker groups. */
export type Permission = PermissionCatalogue[number];

/** Actors and targets are plain strings on the wire. */
export type PersonRef = string | null | undefined;

/** `permissions` are the ids in force; `removed_permissions` the ones the configuration dropped (they grant nothing). */
export type ApiKey = ApiKeyView;
export type CreatedApiKey = ServerCreatedApiKey;

/** `GET /apis`: a gateway mount in front of an upstream, or the built-in Cryptopay sandbox. */
export type ApiList = ServerApiList;
export type ApiEntry = ApiList['data'][number];
export type ApiKind = ApiEntry['kind'];

export type { CallbackSecretView, CallbackSettingsView };

export type CallbackStatus = CallbackViewObject['status'];
export type CallbackAttempt = CallbackViewObject['attempts'][number];
export type CallbackDelivery = CallbackViewObject;

export type AuditEntry = AuditEntryView;

export type SandboxInvoice = Invoice;

// ── sandbox simulation (GET /sandbox/simulations, POST /sandbox/simulate, POST /sandbox/trigger) ──
/** Every resource's simulator (its states and options) and every trigger's event name. */
export type SimulationCatalogue = SimulationCatalogueView;
export type SimulatorEntry = SimulationCatalogue['simulators'][number];
/** An object as the merchant API shows it; its shape depends on the resource, so the page reads it field by field. */
export type SandboxObject = Record<string, unknown>;
/** What simulate and trigger answer: the object the change left behind. */
export interface SimulationResult {
  data: SandboxObject;
}

export type SandboxChannel = Channel;
export type SandboxChannelPayment = ChannelPayment;

/** A list's `data` array (paged lists add `meta`, see ListResponse). */
export interface DataList<T> {
  data: T[];
}

/** A cursor-paged list: `meta.has_more` says whether a next page exists. */
export interface ListResponse<T> extends DataList<T> {
  meta: { has_more: boolean };
}

// ── two-factor authentication (GET /2fa, POST /2fa/totp, POST /2fa/totp/confirm) ──
export type {
  RecoveryCodesView,
  TotpEnrolmentView,
  TwoFactorStatusView as TwoFactorStatus,
} from '@signet/server/contract';
