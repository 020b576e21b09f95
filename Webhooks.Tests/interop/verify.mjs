// Reads {"scheme","secret","body","headers"} as JSON on stdin and exits 0 when the receiver
// library for that scheme accepts the delivery, 1 (with the reason on stderr) when it does not.
//   scheme "hmac-sha256":       @octokit/webhooks-methods verify(secret, body, X-Webhook-Signature)
//   scheme "standard-webhooks": standardwebhooks Webhook(secret).verify(body, headers)
import { verify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const headers = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]));

try {
  if (input.scheme === "hmac-sha256") {
    const ok = await verify(input.secret, input.body, headers["x-webhook-signature"]);
    if (!ok) throw new Error("signature mismatch");
  } else if (input.scheme === "standard-webhooks") {
    // The library takes the base64 after "whsec_", as Svix issues secrets.
    new Webhook(input.secret.replace(/^whsec_/, "")).verify(input.body, headers);
  } else {
    throw new Error(`unknown scheme ${input.scheme}`);
  }
  process.exit(0);
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exit(1);
}
