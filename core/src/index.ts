/**
 * popup-leads core: everything the Zapier apps and the n8n nodes know about the tools they
 * connect, as pure functions. No I/O: requests are returned as data, responses are passed in.
 */

// Receiving webhooks
export { receiveDelivery, decodeBody, uniqueById, DEFAULT_MAX_BODY_BYTES, MAX_BODY_DEPTH } from './delivery';
export type { DeliveryInput, DeliveryResult, DeliveryFailureReason } from './delivery';
export { verifySignature, type SignatureScheme } from './verify-signature';
export type { VerifyInput, VerifyResult, VerifyFailureReason, DigestEncoding } from './signatures/types';
export { DEFAULT_TOLERANCE_SECONDS } from './signatures/standard-webhooks';
export { signatureHeaders, type SignInput } from './signatures/sign';
export { safeEqualText } from './signatures/digest';
export { normalize } from './normalize';
export { LeadRecordSchema, ProviderIdSchema, FlatValueSchema } from './normalize/record';
export type { LeadRecord, ProviderId, FlatValue, NormalizeContext } from './normalize/record';
export { toIsoTime } from './normalize/time';

// Providers
export { PROVIDERS, providerById } from './providers/registry';
export type { ProviderDescriptor, EventOption } from './providers/descriptor';

// Email
export { detectEmail, normalizeEmail, isEmail, EMAIL_SEARCH_MAX_DEPTH, type DetectedEmail } from './email';

// Wisepops API
export * from './providers/wisepops/api';
export * from './providers/wisepops/backfill';
export * from './providers/wisepops/recent-leads';
export { normalizeWisepopsLead, WISEPOPS_SIGNATURE_HEADER } from './providers/wisepops/descriptor';
export * from './providers/wisepops/schemas';

// Conversion notifications (the social-proof tool)
export * from './conversion/payload';

// Requests, responses and errors
export type { HttpRequest, HttpResponse, HttpMethod, HeaderBag, HeaderValue } from './http/types';
export { HttpResponseSchema } from './http/types';
export { headerValue, headerValues } from './http/headers';
export { ApiError, isApiError, isTimeout, errorFromResponse, networkError, apiMessageOf, retryAfterSeconds } from './http/errors';
export type { ApiErrorKind, ServiceInfo, ErrorOptions } from './http/errors';
export { redactSecrets } from './http/redact';
export { InputError, parseInput } from './input-error';
