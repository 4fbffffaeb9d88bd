/** Known to the e2e server and the tests, so a test can mint a token (an expired one, say) the server will judge. */
export const E2E_AUTH_SECRET = "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
