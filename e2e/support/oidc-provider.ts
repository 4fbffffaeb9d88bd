/**
 * A real OpenID Connect provider for the e2e suite (npm `oidc-provider`), on loopback. Its development login
 * accepts any login name with any password, and the account's name and e-mail derive from that login.
 */
import Provider, { type Configuration } from "oidc-provider";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./constants";

const port = Number(process.env.E2E_OIDC_PORT);
const appUrl = process.env.E2E_APP_URL;
if (!port || !appUrl) throw new Error("E2E_OIDC_PORT and E2E_APP_URL are required");

const configuration: Configuration = {
  clients: [
    {
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  findAccount: (_context, login: string) => ({
    accountId: login,
    claims: () => ({ sub: login, name: `OIDC ${login}`, email: `${login}@oidc.example`, email_verified: true }),
  }),
  claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
  cookies: { keys: ["coterie-e2e-oidc-cookie-key"] },
  // Put the profile and e-mail claims in the ID token, which is where Auth.js reads them for OIDC.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
};

const provider = new Provider(`http://localhost:${port}`, configuration);
provider.listen(port, () => console.log(`OIDC provider on http://localhost:${port}`));
