#!/usr/bin/env node
// The package ships TypeScript source (see docs/decisions/sandbox-workspace-package.md);
// tsx compiles it on the fly so the CLI needs no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
