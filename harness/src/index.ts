/**
 * Real n8n with our package, next to the Wisepops sandbox: used by `npm start`, the end-to-end
 * tests and the n8n benchmark. Not part of the published packages.
 */
export { ensureN8nInstalled, type N8nInstall } from './toolchain';
export { N8nProcess, n8nEnvironment, type N8nCommand, type N8nProcessOptions } from './n8n-process';
export { N8nApi, N8nApiError, itemsOf, type Execution, type Json, type OwnerAccount } from './n8n-api';
export { packNodePackage, installNodePackage, NODE_TYPES, PACKAGE_NAME } from './node-package';
export { startStack, type Stack, type StackOptions } from './stack';
export { startQueueStack, type QueueStack, type QueueStackOptions, type QueueRole } from './queue-stack';
export {
  startPostgres,
  startRedis,
  servicesInstalled,
  ensureServicesInstalled,
  postgresBinDir,
  redisServerPath,
  type RunningPostgres,
  type RunningService,
  type PostgresOptions,
} from './services';
export { freePortPair, isPortFree } from './ports';
export { until, sleep } from './wait';
export {
  wisepopsTriggerWorkflow,
  popupWebhookTriggerWorkflow,
  conversionNotificationNode,
  WISEPOPS_TRIGGER_NAME,
  POPUP_TRIGGER_NAME,
  CONVERSION_NODE_NAME,
  type CredentialRef,
  type TriggerWorkflow,
  type WisepopsTriggerOptions,
} from './workflows';
export { runDemo, DEMO_LEADS, DEMO_WORKFLOW_NAME } from './demo';
export { REPO_ROOT } from './paths';
