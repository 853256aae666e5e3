import type { LeadRecord } from '@popup-leads/core';
import http from 'node:http';
import https from 'node:https';
import { createAppTester } from 'zapier-platform-core';

/** Helpers shared by the Zapier app tests. */

/*
 * zapier-platform-core wraps Node's http/https `request` once per process to log requests made
 * outside `z.request` (the apps make none). Jest shares core modules between test files while
 * each file gets its own nock, so the wrapper from the first file would bypass the next file's
 * nock. Marking the modules as already wrapped keeps every file's nock in charge.
 */
for (const module of [http, https]) Object.assign(module, { patchedByZapier: true });

export const API_KEY = 'YOUR_API_KEY_HERE';
export const WISEPOPS = 'https://app.wisepops.com';
export const AUTH_HEADER = `WISEPOPS-API key="${API_KEY}"`;

export type AppTester = ReturnType<typeof createAppTester>;
// The app tester calls any (z, bundle) function found in the app; the bundle it gets is partial.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Operation = (z: any, bundle: any) => unknown;

/** A function of the app definition, found by path, so tests fail clearly if it moved. */
export function operationAt(app: object, path: string): Operation {
  let node: unknown = app;
  for (const part of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node !== 'function') throw new Error(`No function at ${path}`);
  return node as Operation;
}

export function valueAt(app: object, path: string): unknown {
  let node: unknown = app;
  for (const part of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/**
 * Headers as Zapier hands them to a hook: re-cased per word and, except Content-Type and
 * Content-Length, prefixed with `Http-` (`X-Wisepops-Signature` → `Http-X-Wisepops-Signature`).
 */
export function asZapierHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const cased = name
      .toLowerCase()
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('-');
    out[cased === 'Content-Type' || cased === 'Content-Length' ? cased : `Http-${cased}`] = value;
  }
  return out;
}

/** The raw request of a hook delivery, as `bundle.rawRequest` holds it in production. */
export function rawRequest(body: string, headers: Record<string, string>) {
  return {
    method: 'POST' as const,
    querystring: '',
    headers: asZapierHeaders({ 'Content-Type': 'application/json', ...headers }),
    content: body,
  };
}

/** What the app writes with `z.console.log` (which also prints), captured for a block. */
export async function capturingLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    const result = await run();
    return { result, logs: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

/** The keys of a record, sorted, for comparing a sample with live output. */
export function keysOf(record: LeadRecord | Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

/** The message an app raised, without the "What happened" trace the app tester appends. */
export function firstLine(error: unknown): string {
  const line = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return line.startsWith('{') ? (JSON.parse(line) as { message: string }).message : line;
}

/** `z.errors.Error` carries its message, code and status as JSON in the message. */
export function appError(error: unknown): { message: string; code?: string; status?: number } {
  const line = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return JSON.parse(line) as { message: string; code?: string; status?: number };
}
