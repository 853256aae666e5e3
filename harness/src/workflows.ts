import { randomUUID } from 'node:crypto';

import type { Json } from './n8n-api';
import { NODE_TYPES } from './node-package';

/** A credential as a node references it. */
export interface CredentialRef {
  id: string;
  name: string;
}

export interface TriggerWorkflow {
  workflow: Json;
  /** The production URL n8n serves the trigger on, once the workflow is active. */
  webhookPath: string;
  triggerName: string;
}

// Save every execution with its data: the tests and the demo read the items back.
const SETTINGS = { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all', saveManualExecutions: true, executionOrder: 'v1' };

/** The trigger version new workflows get; workflows saved with 1 keep working. */
const TRIGGER_VERSION = 1.1;

function triggerNode(name: string, type: string, parameters: Json, credentials: Json, typeVersion = TRIGGER_VERSION): { node: Json; webhookPath: string } {
  const webhookId = randomUUID();
  return {
    node: { id: randomUUID(), name, type, typeVersion, position: [0, 0], webhookId, parameters, credentials },
    // Our triggers declare the path `webhook` (see their `webhooks` description).
    webhookPath: `/webhook/${webhookId}/webhook`,
  };
}

export interface WisepopsTriggerOptions {
  name: string;
  credential: CredentialRef;
  event?: 'email' | 'phone' | 'survey';
  /** A campaign id, or '' for every campaign. */
  campaign?: string;
  /** "Fetch leads missed while inactive". */
  backfill?: boolean;
  /** Nodes to run after the trigger, each fed by the previous one. */
  then?: Json[];
  /** The node version, TRIGGER_VERSION unless a test needs a workflow saved with an older one. */
  typeVersion?: number;
}

export const WISEPOPS_TRIGGER_NAME = 'Wisepops Trigger';

/** Wisepops Trigger (one item per lead), optionally followed by a chain of nodes. */
export function wisepopsTriggerWorkflow(options: WisepopsTriggerOptions): TriggerWorkflow {
  const { node, webhookPath } = triggerNode(
    WISEPOPS_TRIGGER_NAME,
    NODE_TYPES.wisepopsTrigger,
    { event: options.event ?? 'email', campaign: options.campaign ?? '', options: { backfill: options.backfill ?? false } },
    { wisepopsApi: options.credential },
    options.typeVersion,
  );
  return { workflow: chain(options.name, node, options.then ?? []), webhookPath, triggerName: WISEPOPS_TRIGGER_NAME };
}

export const POPUP_TRIGGER_NAME = 'Popup Webhook Trigger';

/** Popup Webhook Trigger for one provider; `parameters` are the node's own (provider, popupMode…). */
export function popupWebhookTriggerWorkflow(name: string, credential: CredentialRef, parameters: Json): TriggerWorkflow {
  const { node, webhookPath } = triggerNode(POPUP_TRIGGER_NAME, NODE_TYPES.popupWebhookTrigger, parameters, { popupWebhookSecretApi: credential });
  return { workflow: chain(name, node, []), webhookPath, triggerName: POPUP_TRIGGER_NAME };
}

export const CONVERSION_NODE_NAME = 'Conversion Notification';

/** A Conversion Notification step, for `then` of a trigger workflow. */
export function conversionNotificationNode(credential: CredentialRef, parameters: Json): Json {
  return {
    id: randomUUID(),
    name: CONVERSION_NODE_NAME,
    type: NODE_TYPES.conversionNotification,
    typeVersion: 1,
    position: [0, 0],
    parameters,
    credentials: { conversionWebhookApi: credential },
  };
}

function chain(name: string, first: Json, rest: Json[]): Json {
  const all = [first, ...rest];
  const nodes = all.map((node, index): Json => ({ ...node, position: [index * 260, 0] }));
  const names = all.map((node) => String(node.name));
  const connections: Json = {};
  names.slice(0, -1).forEach((from, index) => {
    connections[from] = { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] };
  });
  return { name, nodes, connections, settings: SETTINGS };
}
