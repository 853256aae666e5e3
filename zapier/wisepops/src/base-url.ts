import { WISEPOPS_DEFAULT_BASE_URL, type WisepopsApiOptions } from '@popup-leads/core';

/**
 * Where the Wisepops API lives. One environment variable may point the app at a local sandbox;
 * it is read on every call so a test can set it. The core checks that it is an http(s) URL.
 */
export function wisepopsApiOptions(): WisepopsApiOptions {
  const fromEnv = process.env.WISEPOPS_BASE_URL?.trim();
  return { baseUrl: fromEnv || WISEPOPS_DEFAULT_BASE_URL };
}
