// `npx prisma db seed`: the development demo user (npm run dev does the same on every
// start). Refuses to run in production, where a known password would be a hole.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevSecrets, loadDevEnvFiles, seedDemoUser } from "../scripts/setup";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

if (process.env.NODE_ENV === "production") {
  console.error("The demo user is for development only; create real users with npm run user:create.");
  process.exit(1);
}
ensureDevSecrets(path.join(root, ".env.local"));
loadDevEnvFiles(root);
await seedDemoUser();
