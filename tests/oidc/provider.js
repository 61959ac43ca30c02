// A local OpenID Connect provider for the sign-in browser test: `node provider.js PORT PERSON_FILE`.
// Every sign-in is the person described in PERSON_FILE at that moment (JSON: sub, email, name,
// groups), so the test chooses who signs in by writing that file before pressing "Sign in".
const fs = require('fs');
const { OAuth2Server } = require('oauth2-mock-server');

const [port, personFile] = process.argv.slice(2);

async function main() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  server.service.on('beforeTokenSigning', (token, req) => {
    if (req.body.grant_type !== 'authorization_code') return;
    Object.assign(token.payload, JSON.parse(fs.readFileSync(personFile, 'utf8')));
  });
  await server.start(Number(port), '127.0.0.1');
  console.log(`ready ${server.issuer.url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
