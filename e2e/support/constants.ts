/** Known to the e2e server and the tests, so a test can mint a token (an expired one, say) the server will judge. */
export const E2E_AUTH_SECRET = "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

/** The e2e OpenID provider's client registration for Coterie. */
export const OIDC_CLIENT_ID = "coterie-e2e";
export const OIDC_CLIENT_SECRET = "coterie-e2e-oidc-client-secret";
export const OIDC_PROVIDER_NAME = "Test OIDC";

/** Where the e2e server writes its log (in the run's data directory), for stories that read it. */
export const SERVER_LOG_FILE = `${process.env.E2E_DATA_DIR ?? ".data/e2e"}/server.log`;

/** The suite's administrator: the install's first account, signed up by global-setup.ts before any story runs. */
export const ADMIN_USERNAME = "administrator";
export const ADMIN_PASSWORD = "the keeper of this coterie";

/** coturn's `static-auth-secret`, shared with the relay-only app server that mints TURN credentials from it. */
export const E2E_TURN_SECRET = "e2e-turn-secret-0123456789abcdef";

/** coturn's log for the run (fresh in each run's data directory), which the relay story reads. */
export const TURN_LOG_FILE = `${process.env.E2E_DATA_DIR ?? ".data/e2e"}/turnserver.log`;
