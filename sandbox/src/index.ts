/**
 * The local Wisepops sandbox: a development and test tool, not part of the published packages.
 * See README.md next to this folder for the routes and how to run it.
 */
export { startSandbox, type RunningSandbox, type StartOptions } from './server';
export { Sandbox, DEFAULT_API_KEY, type SandboxOptions, type CollectOptions, type CollectResult } from './sandbox';
export { startReceiver, Recorder, failFirst, OK_REPLY, type Receiver, type RecordedRequest, type ReceiverReply, type ReplyPolicy } from './receiver';
export { sendSigned, sampleBody, providerHeaders, SendInputSchema, type SendInput, type SendResult } from './providers';
export { backoffMs, DEFAULT_RETRY, type RetryOptions } from './delivery';
export { DEFAULT_CAMPAIGNS, type Hook, type DeliveryAttempt, type SandboxState } from './state';
export { FaultSpecSchema, type FaultSpec, type Fault } from './faults';
export { LeadInputError, type StoredLead } from './leads';
