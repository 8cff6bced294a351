// Test launcher around panva's oidc-provider (installed from npm at test
// time, see package.json): an unmodified third-party OAuth 2.0 server for
// test_thirdparty_oauth.c.  Test code only.
//
// Protocol, all on stdin/stdout, one line each:
//   test -> launcher, first line: JSON {"clients": [...], "users": [...],
//     "introspector": {"client_id", "client_secret"}}; each client is
//     {"client_id", "client_secret", "grant_types", "refresh_token_ttl"?}.
//     (Secrets come on stdin so that they never show in the process list.)
//   launcher -> test: "PORT n" once it listens on 127.0.0.1:n (port 0 asked).
//   then commands, each answered by one JSON line:
//     "state"            {"requests": [...], "events": {...}, "refresh_tokens": [...]}
//     "reset"            {"reset": true} (forgets requests, events, refresh tokens)
//     "introspect TOKEN" the server's own RFC 7662 answer for TOKEN, fetched
//                        over HTTP from its introspection endpoint
// The launcher exits when its stdin closes (the test ended or died).
//
// Nothing here prints a secret or a token: stdout carries only the answers
// above (read by the test), stderr only the server's own notices.
import http from 'node:http';
import crypto from 'node:crypto';
import readline from 'node:readline';

import Provider, { errors } from 'oidc-provider';

const input = readline.createInterface({ input: process.stdin, terminal: false });
const lines = input[Symbol.asyncIterator]();

function reply(object) {
  process.stdout.write(`${JSON.stringify(object)}\n`);
}

const first = await lines.next();
if (first.done) process.exit(1);
const config = JSON.parse(first.value);

// Every request that reaches the server, as the server saw it.
let requests = [];
let events = {};
let refreshTokens = [];

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const FORM_ENCODED = /^(?:[A-Za-z0-9\-._~*+]|%[0-9A-Fa-f]{2})*$/;

// How the client authenticated: "basic-plain" (Basic, nothing form-encoding
// would change), "basic-encoded" (Basic, RFC 6749 §2.3.1 form-encoded),
// "basic-raw" (Basic with characters form-encoding would have escaped),
// "body" (client_secret in the form body) or "none".  Only the kind is
// recorded, never the credentials.
function basicStyle(header) {
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0].toLowerCase() !== 'basic') return 'other';
  const decoded = Buffer.from(parts[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return 'other';
  const pair = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (pair.every((part) => UNRESERVED.test(part))) return 'basic-plain';
  if (pair.every((part) => FORM_ENCODED.test(part))) return 'basic-encoded';
  return 'basic-raw';
}

function oidcParam(ctx, name) {
  try {
    return ctx.oidc && ctx.oidc.params ? ctx.oidc.params[name] : undefined;
  } catch {
    return undefined;
  }
}

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const users = new Map(config.users.map((u) => [u.username, u.password]));
const refreshTtl = new Map(config.clients
  .filter((c) => c.refresh_token_ttl)
  .map((c) => [c.client_id, c.refresh_token_ttl]));

const clientMetadata = (c) => ({
  client_id: c.client_id,
  client_secret: c.client_secret,
  grant_types: c.grant_types,
  response_types: [],
  redirect_uris: [],
  // oidc-provider accepts client_secret_basic and client_secret_post alike
  // for either method, so every client can be tried with every style.
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [
    ...config.clients.map(clientMetadata),
    clientMetadata({ ...config.introspector, grant_types: [] }),
  ],
  jwks: {
    keys: [crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'jwk' })],
  },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', 'api:read'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // Only the resource-server client may introspect, and it may
      // introspect every token.
      allowedPolicy: async (ctx, client) => client.clientId === config.introspector.client_id,
    },
    revocation: { enabled: true },
  },
  // Every refresh-token grant consumes the presented refresh token and
  // issues a new one; presenting a consumed one revokes the whole grant.
  rotateRefreshToken: true,
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 600,
    Grant: 86400,
    RefreshToken: (ctx, token, client) => refreshTtl.get(client.clientId) || 86400,
  },
  async findAccount(ctx, id) {
    if (!users.has(id)) return undefined;
    return { accountId: id, async claims() { return { sub: id }; } };
  },
});

// The resource owner password credentials grant (RFC 6749 §4.3) is not built
// into oidc-provider; its documentation points to registerGrantType for it.
// This handler only checks the user and mints tokens with the provider's own
// models; client authentication, the refresh-token grant (with rotation),
// revocation and introspection are all oidc-provider's.
provider.registerGrantType('password', async (ctx, next) => {
  const { client, params } = ctx.oidc;
  const { Grant, AccessToken, RefreshToken } = ctx.oidc.provider;
  if (!params.username || !users.has(params.username) || users.get(params.username) !== params.password) {
    throw new errors.InvalidGrant('invalid resource owner credentials');
  }
  const scope = (params.scope || '').split(' ')
    .filter((s) => ['offline_access', 'api:read'].includes(s)).join(' ');

  const grant = new Grant({ accountId: params.username, clientId: client.clientId });
  if (scope) grant.addOIDCScope(scope);
  const grantId = await grant.save();

  const at = new AccessToken({
    accountId: params.username, client, grantId, gty: 'password', scope: scope || undefined,
  });
  ctx.oidc.entity('AccessToken', at);
  const accessToken = await at.save();

  let refreshToken;
  if (client.grantTypeAllowed('refresh_token')) {
    const rt = new RefreshToken({
      accountId: params.username, client, grantId, gty: 'password', scope, rotations: 0,
    });
    ctx.oidc.entity('RefreshToken', rt);
    refreshToken = await rt.save();
  }

  ctx.body = {
    access_token: accessToken,
    expires_in: at.expiration,
    token_type: at.tokenType,
    refresh_token: refreshToken,
    scope: scope || undefined,
  };
  await next();
}, ['username', 'password', 'scope']);

// Records every request (before oidc-provider's own middleware, so failed
// ones too).
provider.use(async (ctx, next) => {
  const entry = {
    method: ctx.method,
    path: ctx.path,
    auth: ctx.headers.authorization !== undefined ? basicStyle(ctx.headers.authorization) : 'none',
  };
  try {
    await next();
  } finally {
    entry.route = ctx.oidc ? ctx.oidc.route : undefined;
    entry.status = ctx.status;
    entry.grant_type = oidcParam(ctx, 'grant_type');
    entry.token_type_hint = oidcParam(ctx, 'token_type_hint');
    if (entry.auth === 'none' && oidcParam(ctx, 'client_secret') !== undefined) entry.auth = 'body';
    if (ctx.status >= 400 && ctx.body && typeof ctx.body === 'object') entry.error = ctx.body.error;
    requests.push(entry);
  }
});

for (const name of [
  'access_token.saved', 'access_token.destroyed',
  'client_credentials.saved', 'client_credentials.destroyed',
  'refresh_token.saved', 'refresh_token.consumed', 'refresh_token.destroyed',
  'grant.saved', 'grant.revoked', 'grant.success', 'grant.error', 'server_error',
]) {
  provider.on(name, (arg) => {
    events[name] = (events[name] || 0) + 1;
    if (name === 'refresh_token.saved') refreshTokens.push(arg.jti); // opaque: the value is the jti
  });
}
provider.on('server_error', (ctx, err) => {
  process.stderr.write(`oidc-server: server_error: ${err && err.message}\n`);
});

server.on('request', provider.callback());

function introspect(token) {
  const body = new URLSearchParams({ token }).toString();
  const credentials = Buffer.from(
    `${encodeURIComponent(config.introspector.client_id)}:${encodeURIComponent(config.introspector.client_secret)}`,
  ).toString('base64');
  return new Promise((resolve, reject) => {
    const request = http.request(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${credentials}`,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
      },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode, body: JSON.parse(text) });
        } catch (err) {
          reject(err);
        }
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

process.stdout.write(`PORT ${port}\n`);

for (;;) {
  const next = await lines.next();
  if (next.done) break;
  const line = next.value;
  if (line === 'state') {
    reply({ requests, events, refresh_tokens: refreshTokens });
  } else if (line === 'reset') {
    requests = [];
    events = {};
    refreshTokens = [];
    reply({ reset: true });
  } else if (line.startsWith('introspect ')) {
    try {
      reply(await introspect(line.slice('introspect '.length)));
    } catch (err) {
      reply({ error: String(err && err.message) });
    }
  } else {
    reply({ error: 'unknown command' });
  }
}
server.close();
process.exit(0);
