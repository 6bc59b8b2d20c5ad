// Times the exports of wasm_bench.wasm (see wasm_bench.rs for how to build it).
// Usage: node wasm_bench.mjs path/to/wasm_bench.wasm [log2 leaves]
import { readFileSync } from "node:fs";

const [file, log2Arg] = process.argv.slice(2);
const log2 = Number(log2Arg ?? 20);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const w = instance.exports;

const bad = w.bench_selfcheck();
if (bad !== 0) throw new Error(`${bad} trees built in wasm differ from the reference`);
w.bench_prepare(log2);
// Best of `runs`, in milliseconds of this process's CPU time (user + system), which
// other processes on a busy machine disturb far less than wall time.
const time = (name, runs, arg) => {
  let best = Infinity, out;
  for (let i = 0; i < runs; i++) {
    const t = process.cpuUsage();
    out = w[name](arg);
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return [best, out >>> 0];
};
const [fast, fastRoot] = time("bench_fast", 7);
const [reference, refRoot] = time("bench_reference", 3);
const [rs] = time("bench_rs_merkle", 3);
if (fastRoot !== refRoot) throw new Error("fast and reference roots differ");
console.log(`wasm (${process.version}), simd lanes: ${w.bench_simd() === 1}, self-check passed`);
console.log(`RFC 6962 tree of 2^${log2} leaves of 32 bytes (best of runs, CPU time)`);
console.log(`  fast       ${fast.toFixed(1)} ms`);
console.log(`  reference  ${reference.toFixed(1)} ms  (fast is ${(reference / fast).toFixed(2)}x)`);
console.log(`  rs_merkle  ${rs.toFixed(1)} ms  (fast is ${(rs / fast).toFixed(2)}x)`);
console.log(`  root starts ${fastRoot.toString(16).padStart(8, "0")}`);
{
  const n = 3 * (1 << log2) / 4; // the four-lane compressions a tree of that size needs
  const [c] = time("bench_compress4", 3, n);
  console.log(`  ${n} bare four-lane compressions: ${c.toFixed(1)} ms`);
}
