/* global fetch, URL */
/**
 * End-to-end check of the Wisepops Trigger in a real n8n, against a local stand-in for the
 * Wisepops API. Not part of `npm test` (it needs an n8n install of ~2.3 GB). Run it with:
 *
 *   N8N_BIN=<folder with n8n installed>/node_modules/.bin/n8n node test/n8n/e2e/wisepops-trigger.e2e.js
 *
 * after `npm run build` (the n8n package is packed and installed the way users install it).
 * Install n8n in a scratch folder whose package.json has `"overrides": { "xlsx": "0.18.5" }`.
 * For n8n 2.36+ run this script with Node 24 (`scripts/node-bin.sh 24`), which n8n inherits.
 * Set N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false to test n8n 2.41's older start-up path, and
 * N8N_DISABLED_MODULES=mcp-registry there to keep n8n 2.41 from contacting n8n's servers.
 *
 * Checks: activation creates one hook with the exact body; a signed delivery starts one
 * execution with the lead; a forged one is answered 401; a restart does not create a second
 * hook; deactivation deletes the hook; leads collected while inactive are fetched and run on
 * the next activation ("Fetch leads missed while inactive").
 */
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, mkdirSync, writeFileSync, readdirSync, rmSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

// Signed as Wisepops signs, by the same code the nodes verify with (built by `npm run build`).
const { signatureHeaders } = require('@popup-leads/core');

const N8N_BIN = process.env.N8N_BIN;
if (!N8N_BIN) {
  console.error('Set N8N_BIN to the n8n executable (see the comment at the top of this file).');
  process.exit(2);
}
const N8N_PORT = Number(process.env.N8N_E2E_PORT || 5678);
const API_PORT = Number(process.env.WISEPOPS_STANDIN_PORT || 5680);
const API_KEY = 'e2e-key-123';
const WEBHOOK_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const n8nUrl = `http://127.0.0.1:${N8N_PORT}`;
const apiUrl = `http://127.0.0.1:${API_PORT}`;

// --- The Wisepops stand-in -------------------------------------------------------------------
const standIn = { nextId: 100, hooks: new Map(), created: [], deleted: [], contacts: [], calls: [] };

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url, apiUrl);
    standIn.calls.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `WISEPOPS-API key="${API_KEY}"`) return reply(res, 401, { error: 'bad key' });
    if (req.method === 'GET' && url.pathname === '/api2/wisepops') return reply(res, 200, [{ id: 12345, label: 'Welcome' }]);
    if (req.method === 'POST' && url.pathname === '/api2/hooks') {
      const id = standIn.nextId++;
      standIn.hooks.set(String(id), { id, ...JSON.parse(raw) });
      standIn.created.push(id);
      return reply(res, 200, { id });
    }
    if (req.method === 'DELETE' && url.pathname === '/api2/hooks') {
      const id = url.searchParams.get('hook_id');
      if (!standIn.hooks.delete(id)) return reply(res, 404, { error: 'no such hook' });
      standIn.deleted.push(Number(id));
      return reply(res, 200, {});
    }
    if (req.method === 'GET' && url.pathname === '/api2/contacts') {
      const after = Date.parse(url.searchParams.get('collected_after') || '1970-01-01T00:00:00Z');
      const size = Number(url.searchParams.get('page_size') || 100);
      const list = standIn.contacts.filter((lead) => Date.parse(lead.collected_at) > after);
      return reply(res, 200, list.slice(0, size));
    }
    return reply(res, 404, { error: 'unknown' });
  });
});

/** What Wisepops does when it collects a lead: store it, post it signed to every hook. */
async function collect(lead) {
  standIn.contacts.push(lead);
  const statuses = [];
  for (const hook of standIn.hooks.values()) {
    const body = JSON.stringify([lead]);
    const headers = { 'content-type': 'application/json', ...signatureHeaders({ scheme: 'wisepops', body, secret: API_KEY }) };
    const response = await fetch(hook.target_url, { method: 'POST', headers, body });
    statuses.push(response.status);
  }
  return statuses;
}

// --- n8n ------------------------------------------------------------------------------------
const home = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
let n8n;
let n8nRunning = false;
let apiKey;

function installPackage() {
  const packageDir = join(__dirname, '..', '..', '..', 'n8n');
  execFileSync('npm', ['pack', '--pack-destination', home, '--ignore-scripts', '--silent'], { cwd: packageDir });
  const tarball = readdirSync(home).find((name) => name.endsWith('.tgz'));
  const nodesDir = join(home, '.n8n', 'nodes');
  mkdirSync(nodesDir, { recursive: true });
  writeFileSync(join(nodesDir, 'package.json'), '{"private":true,"name":"installed-nodes"}');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--silent', join(home, tarball)], { cwd: nodesDir });
}

async function startN8n() {
  n8n = spawn(N8N_BIN, ['start'], {
    env: {
      ...process.env,
      N8N_USER_FOLDER: home,
      N8N_PORT: String(N8N_PORT),
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      WEBHOOK_URL: `${n8nUrl}/`,
      N8N_WEBHOOK_URL: `${n8nUrl}/`,
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_SECURE_COOKIE: 'false',
      N8N_RUNNERS_ENABLED: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  n8nRunning = true;
  n8n.once('exit', () => {
    n8nRunning = false;
  });
  for (let i = 0; i < 120; i++) {
    assert.ok(n8nRunning, 'n8n exited during start-up');
    try {
      if ((await fetch(`${n8nUrl}/healthz/readiness`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(1000);
  }
  // Readiness comes before the REST routes and the workflow activations.
  await sleep(10000);
}

async function stopN8n() {
  if (!n8nRunning) return;
  const exited = new Promise((resolve) => n8n.once('exit', resolve));
  n8n.kill('SIGTERM');
  await exited;
}

async function api(method, path, body) {
  const response = await fetch(`${n8nUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function createApiKey() {
  const owner = { email: 'owner@example.com', firstName: 'E', lastName: 'E', password: 'Passw0rd!Passw0rd' };
  const post = (path, body, cookie) => fetch(`${n8nUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  assert.equal((await post('/rest/owner/setup', owner)).status, 200);
  const login = await post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const scopes = ['workflow:create', 'workflow:read', 'workflow:list', 'workflow:activate', 'workflow:deactivate', 'credential:create', 'execution:read', 'execution:list'];
  const created = await (await post('/rest/api-keys', { label: 'e2e', scopes, expiresAt: null }, cookie)).json();
  return created.data.rawApiKey;
}

async function until(what, test) {
  for (let i = 0; i < 60; i++) {
    if (await test()) return;
    await sleep(500);
  }
  assert.fail(`timed out waiting for: ${what}`);
}

async function leadsOfExecutions(workflowId) {
  const { data } = await api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=50`);
  return data.map((execution) => (execution.data.resultData.runData['Wisepops Trigger'][0].data.main[0] || []).map((item) => item.json.email));
}

async function main() {
  await new Promise((resolve) => server.listen(API_PORT, '127.0.0.1', resolve));
  installPackage();
  await startN8n();
  apiKey = await createApiKey();

  const credential = await api('POST', '/credentials', {
    name: 'Wisepops stand-in',
    type: 'wisepopsApi',
    data: { apiKey: API_KEY, baseUrl: apiUrl, allowedHttpRequestDomains: 'all' },
  });
  const workflow = await api('POST', '/workflows', {
    name: 'Wisepops e2e',
    nodes: [
      {
        id: 'trigger',
        name: 'Wisepops Trigger',
        type: 'n8n-nodes-popup-leads.wisepopsTrigger',
        typeVersion: 1,
        position: [0, 0],
        webhookId: WEBHOOK_ID,
        parameters: { event: 'email', campaign: '', options: { backfill: true } },
        credentials: { wisepopsApi: { id: credential.id, name: credential.name } },
      },
    ],
    connections: {},
    settings: { saveDataSuccessExecution: 'all' },
  });
  const hookUrl = `${n8nUrl}/webhook/${WEBHOOK_ID}/webhook`;

  await api('POST', `/workflows/${workflow.id}/activate`);
  await until('the hook is created', () => standIn.hooks.size === 1);
  assert.deepEqual([...standIn.hooks.values()], [{ id: 100, event: 'email', target_url: hookUrl }]);

  const live = { collected_at: new Date().toISOString(), wisepop_id: 12345, form_session: 'live', fields: { email: 'live@example.com' } };
  assert.deepEqual(await collect(live), [200]);
  const forged = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wisepops-signature': 'ab'.repeat(32) }, body: JSON.stringify([live]) });
  assert.equal(forged.status, 401);

  await stopN8n();
  await startN8n();
  assert.deepEqual(standIn.created, [100], 'a restart must not create a second hook');

  await api('POST', `/workflows/${workflow.id}/deactivate`);
  await until('the hook is deleted', () => standIn.hooks.size === 0);
  assert.deepEqual(standIn.deleted, [100]);

  await sleep(1100);
  const now = Date.now();
  standIn.contacts.push(
    { collected_at: new Date(now).toISOString(), wisepop_id: 12345, form_session: 'm1', fields: { email: 'missed1@example.com' } },
    { collected_at: new Date(now + 1).toISOString(), wisepop_id: 12345, form_session: 'm2', fields: { 'Your answer': 'blue' } },
    { collected_at: new Date(now + 2).toISOString(), wisepop_id: 12345, form_session: 'm3', fields: { email: 'missed2@example.com' } },
  );
  await sleep(1100);
  await api('POST', `/workflows/${workflow.id}/activate`);
  await until('the hook is created again', () => standIn.hooks.size === 1);

  let executions = [];
  await until('the missed leads are run', async () => {
    executions = await leadsOfExecutions(workflow.id);
    return executions.length === 2;
  });
  assert.deepEqual(executions.map((emails) => emails.join(',')).sort(), ['live@example.com', 'missed1@example.com,missed2@example.com']);
  assert.deepEqual(standIn.created, [100, 101]);
  console.log('Wisepops Trigger end-to-end check passed. Wisepops API calls:', standIn.calls.join(' | '));
}

async function shutDown() {
  if (n8n) await stopN8n();
  server.close();
  rmSync(home, { recursive: true, force: true });
}

main()
  .then(shutDown)
  .catch(async (error) => {
    console.error(error);
    await shutDown();
    process.exitCode = 1;
  });
