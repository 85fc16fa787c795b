using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> tokenizer: added/special tokens, normalizers (Prepend, Replace, NFC/NFKC/NFD/NFKD,
/// Lowercase, Sequence), pre-tokenizers (ByteLevel, Split, Metaspace, Digits, Sequence), a BPE model (byte-level or
/// SentencePiece-style with byte fallback), TemplateProcessing and decoders (ByteLevel, ByteFallback, Fuse, Strip,
/// Metaspace, Replace, Sequence).
/// </summary>
/// <remarks>
/// The BPE itself is ours rather than Microsoft.ML.Tokenizers' <c>BpeTokenizer</c>: that one reads merges as
/// space-separated text lines, so it cannot represent SentencePiece-converted merges whose pieces contain spaces (written
/// as two-element arrays since tokenizers 0.20, as in stories260K), and it applies its own pre-tokenization and byte
/// fallback rules where this file must follow the pipeline tokenizer.json describes, step by step.
/// </remarks>
public sealed class HfTokenizer
{
    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly Dictionary<(int, int), (int Rank, int Id)> _merges;
    private readonly List<AddedToken> _added;
    private readonly HashSet<int> _specialIds;
    private readonly Func<string, string>? _normalizer;
    private readonly Func<string, bool, IEnumerable<string>>? _preTokenizer;
    private readonly Func<List<string>, List<string>>? _decoder;
    private readonly List<Func<IReadOnlyList<int>, IReadOnlyList<int>>> _postProcessors = [];
    private readonly bool _byteFallback;
    private readonly bool _ignoreMerges;
    private readonly bool _fuseUnk;
    private readonly int? _unkId;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    private HfTokenizer(JsonObject root, string file)
    {
        var model = root["model"] as JsonObject ?? throw new InputException("missing 'model'", file: file, field: "model");
        var type = model["type"]?.GetValue<string>();
        if (type != "BPE")
        {
            throw new InputException($"unsupported tokenizer model '{type}'", file: file, field: "model.type", hint: "only BPE tokenizers are supported");
        }

        if (model["continuing_subword_prefix"] is JsonValue || model["end_of_word_suffix"] is JsonValue)
        {
            throw new InputException("continuing_subword_prefix / end_of_word_suffix are not supported", file: file, field: "model");
        }

        _vocab = (model["vocab"] as JsonObject ?? throw new InputException("missing 'vocab'", file: file, field: "model.vocab"))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal);
        _added = (root["added_tokens"] as JsonArray ?? [])
            .Select(t => new AddedToken(t!["id"]!.GetValue<int>(), t["content"]!.GetValue<string>(), t["special"]?.GetValue<bool>() ?? false))
            .ToList();
        var size = Math.Max(_vocab.Count == 0 ? 0 : _vocab.Values.Max() + 1, _added.Count == 0 ? 0 : _added.Max(a => a.Id) + 1);
        _idToToken = new string[size];
        foreach (var (token, id) in _vocab)
        {
            _idToToken[id] = token;
        }

        foreach (var a in _added)
        {
            _idToToken[a.Id] = a.Content;
            _vocab.TryAdd(a.Content, a.Id);
        }

        _added.Sort((x, y) => y.Content.Length.CompareTo(x.Content.Length));
        _specialIds = _added.Where(a => a.Special).Select(a => a.Id).ToHashSet();
        _byteFallback = model["byte_fallback"]?.GetValue<bool>() ?? false;
        _ignoreMerges = model["ignore_merges"]?.GetValue<bool>() ?? false;
        _fuseUnk = model["fuse_unk"]?.GetValue<bool>() ?? false;
        _unkId = model["unk_token"] is JsonValue unk && _vocab.TryGetValue(unk.GetValue<string>(), out var u) ? u : null;

        _merges = [];
        var rank = 0;
        foreach (var merge in model["merges"] as JsonArray ?? [])
        {
            var (left, right) = merge switch
            {
                JsonArray pair when pair.Count == 2 => (pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>()),
                JsonValue text when text.GetValue<string>().Split(' ', 2) is [var l, var r] => (l, r),
                _ => throw new InputException($"merge #{rank} is neither \"a b\" nor [a, b]", file: file, field: "model.merges"),
            };
            if (!_vocab.TryGetValue(left, out var li) || !_vocab.TryGetValue(right, out var ri) || !_vocab.TryGetValue(left + right, out var mi))
            {
                throw new InputException($"merge #{rank} ('{left}', '{right}') uses a piece missing from the vocabulary", file: file, field: "model.merges");
            }

            _merges.TryAdd((li, ri), (rank, mi));
            rank++;
        }

        _normalizer = Normalizer(root["normalizer"], file);
        _preTokenizer = PreTokenizer(root["pre_tokenizer"], file);
        _decoder = Decoder(root["decoders"] ?? root["decoder"], file);
        AddPostProcessor(root["post_processor"], file);
    }

    /// <summary>The number of token ids (vocabulary plus added tokens).</summary>
    public int VocabSize => _idToToken.Length;

    /// <summary>Loads <c>tokenizer.json</c>.</summary>
    /// <param name="path">The tokenizer.json file.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="InputException">The file is missing, malformed, or uses a component this class does not support.</exception>
    public static HfTokenizer Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("tokenizer.json not found", file: path, hint: "the model folder needs the Hugging Face fast tokenizer file");
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InputException("not a JSON object", file: path);
            return new HfTokenizer(root, path);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new InputException($"malformed tokenizer.json: {ex.Message}", file: path);
        }
    }

    /// <summary>The id of a token string (vocabulary or added token), or null.</summary>
    /// <param name="token">The token's text, e.g. <c>&lt;|im_end|&gt;</c>.</param>
    /// <returns>Its id, or null when there is none.</returns>
    public int? TokenToId(string token) => _vocab.TryGetValue(token, out var id) ? id : null;

    /// <summary>Whether the id is a special added token (BOS, EOS, chat markers…).</summary>
    /// <param name="id">A token id.</param>
    /// <returns>True for special tokens.</returns>
    public bool IsSpecial(int id) => _specialIds.Contains(id);

    /// <summary>Encodes text; with <paramref name="addSpecialTokens"/> the post-processor adds BOS etc.</summary>
    /// <param name="text">The text; added tokens written in it (like <c>&lt;|im_start|&gt;</c>) become their ids.</param>
    /// <param name="addSpecialTokens">Apply the post-processor (e.g. prepend BOS).</param>
    /// <returns>The token ids.</returns>
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var first = true;
        foreach (var (segment, addedId) in SplitOnAddedTokens(text))
        {
            if (addedId is { } id)
            {
                ids.Add(id);
                first = false;
                continue;
            }

            var normalized = _normalizer is null ? segment : _normalizer(segment);
            var pieces = _preTokenizer is null ? [normalized] : _preTokenizer(normalized, first);
            foreach (var piece in pieces)
            {
                ids.AddRange(EncodePiece(piece));
            }

            first = false;
        }

        IReadOnlyList<int> result = ids;
        if (addSpecialTokens)
        {
            foreach (var post in _postProcessors)
            {
                result = post(result);
            }
        }

        return result;
    }

    /// <summary>Decodes ids to text.</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Leave out special tokens (BOS, EOS, chat markers).</param>
    /// <returns>The text.</returns>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = ids.Where(id => !(skipSpecialTokens && _specialIds.Contains(id)))
            .Select(id => id >= 0 && id < _idToToken.Length && _idToToken[id] is { } t ? t : string.Empty).ToList();
        return string.Concat(_decoder is null ? tokens : _decoder(tokens));
    }

    private IEnumerable<(string Text, int? Id)> SplitOnAddedTokens(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var a in _added)
            {
                if (a.Content.Length > 0 && string.CompareOrdinal(text, i, a.Content, 0, a.Content.Length) == 0)
                {
                    if (i > start)
                    {
                        yield return (text[start..i], null);
                    }

                    yield return (a.Content, a.Id);
                    i += a.Content.Length - 1;
                    start = i + 1;
                    break;
                }
            }
        }

        if (start < text.Length)
        {
            yield return (text[start..], null);
        }
    }

    private int[] EncodePiece(string piece)
    {
        if (piece.Length == 0)
        {
            return [];
        }

        if (_cache.TryGetValue(piece, out var cached))
        {
            return cached;
        }

        if (_ignoreMerges && _vocab.TryGetValue(piece, out var whole))
        {
            return _cache[piece] = [whole];
        }

        var symbols = new List<int>();
        foreach (var rune in piece.EnumerateRunes())
        {
            if (_vocab.TryGetValue(rune.ToString(), out var id))
            {
                symbols.Add(id);
            }
            else if (_byteFallback && EncodeBytes(rune) is { } bytes)
            {
                symbols.AddRange(bytes);
            }
            else if (_unkId is { } unk)
            {
                if (!(_fuseUnk && symbols.Count > 0 && symbols[^1] == unk))
                {
                    symbols.Add(unk);
                }
            }
        }

        while (symbols.Count > 1)
        {
            var best = -1;
            (int Rank, int Id) bestMerge = (int.MaxValue, -1);
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_merges.TryGetValue((symbols[i], symbols[i + 1]), out var m) && m.Rank < bestMerge.Rank)
                {
                    bestMerge = m;
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            symbols[best] = bestMerge.Id;
            symbols.RemoveAt(best + 1);
        }

        var result = symbols.ToArray();
        if (_cache.Count < 100_000)
        {
            _cache[piece] = result;
        }

        return result;
    }

    private int[]? EncodeBytes(Rune rune)
    {
        Span<byte> buffer = stackalloc byte[4];
        var count = rune.EncodeToUtf8(buffer);
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!_vocab.TryGetValue($"<0x{buffer[i]:X2}>", out ids[i]))
            {
                return null;
            }
        }

        return ids;
    }

    private static Func<string, string>? Normalizer(JsonNode? node, string file)
    {
        if (node is not JsonObject n)
        {
            return null;
        }

        var type = n["type"]?.GetValue<string>();
        switch (type)
        {
            case "Sequence":
                var parts = (n["normalizers"] as JsonArray ?? []).Select(x => Normalizer(x, file)).OfType<Func<string, string>>().ToList();
                return s => parts.Aggregate(s, (acc, f) => f(acc));
            case "Prepend":
                var prefix = n["prepend"]!.GetValue<string>();
                return s => s.Length == 0 ? s : prefix + s;
            case "Replace":
                var replace = Pattern(n["pattern"], file);
                var content = n["content"]!.GetValue<string>();
                return s => replace.Replace(s, content);
            case "NFC":
                return s => s.Normalize(NormalizationForm.FormC);
            case "NFD":
                return s => s.Normalize(NormalizationForm.FormD);
            case "NFKC":
                return s => s.Normalize(NormalizationForm.FormKC);
            case "NFKD":
                return s => s.Normalize(NormalizationForm.FormKD);
            case "Lowercase":
                return s => s.ToLowerInvariant();
            default:
                throw new InputException($"unsupported normalizer '{type}'", file: file, field: "normalizer",
                    hint: "supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase");
        }
    }

    private static Func<string, bool, IEnumerable<string>>? PreTokenizer(JsonNode? node, string file)
    {
        if (node is not JsonObject n)
        {
            return null;
        }

        var type = n["type"]?.GetValue<string>();
        switch (type)
        {
            case "Sequence":
                var parts = (n["pretokenizers"] as JsonArray ?? []).Select(x => PreTokenizer(x, file)).OfType<Func<string, bool, IEnumerable<string>>>().ToList();
                return (s, first) => parts.Aggregate((IEnumerable<string>)[s], (pieces, f) => pieces.SelectMany(p => f(p, first)).ToList());
            case "ByteLevel":
                var addPrefix = n["add_prefix_space"]?.GetValue<bool>() ?? false;
                var useRegex = n["use_regex"]?.GetValue<bool>() ?? true;
                return (s, _) =>
                {
                    var text = addPrefix && !s.StartsWith(' ') ? " " + s : s;
                    var pieces = useRegex ? Gpt2Split.Matches(text).Select(m => m.Value) : [text];
                    return pieces.Select(ByteLevel.Encode);
                };
            case "Split":
                var regex = Pattern(n["pattern"], file);
                var behavior = n["behavior"]?.GetValue<string>();
                if (n["invert"]?.GetValue<bool>() == true || behavior is not ("Isolated" or "Removed"))
                {
                    throw new InputException($"unsupported Split behavior '{behavior}'", file: file, field: "pre_tokenizer", hint: "supported: Isolated, Removed, not inverted");
                }

                return (s, _) => SplitKeeping(s, regex, behavior == "Isolated");
            case "Metaspace":
                var replacement = n["replacement"]?.GetValue<string>() ?? "▁";
                var scheme = n["prepend_scheme"]?.GetValue<string>() ?? ((n["add_prefix_space"]?.GetValue<bool>() ?? true) ? "always" : "never");
                var split = n["split"]?.GetValue<bool>() ?? true;
                return (s, first) =>
                {
                    var text = s.Replace(" ", replacement, StringComparison.Ordinal);
                    if ((scheme == "always" || (scheme == "first" && first)) && !text.StartsWith(replacement, StringComparison.Ordinal))
                    {
                        text = replacement + text;
                    }

                    return split ? SplitBefore(text, replacement) : [text];
                };
            case "Digits":
                var individual = n["individual_digits"]?.GetValue<bool>() ?? false;
                return (s, _) => SplitKeeping(s, individual ? SingleDigit : DigitRun, true);
            default:
                throw new InputException($"unsupported pre-tokenizer '{type}'", file: file, field: "pre_tokenizer",
                    hint: "supported: Sequence, ByteLevel, Split, Metaspace, Digits");
        }
    }

    private static Func<List<string>, List<string>>? Decoder(JsonNode? node, string file)
    {
        if (node is not JsonObject n)
        {
            return null;
        }

        var type = n["type"]?.GetValue<string>();
        switch (type)
        {
            case "Sequence":
                var parts = (n["decoders"] as JsonArray ?? []).Select(x => Decoder(x, file)).OfType<Func<List<string>, List<string>>>().ToList();
                return tokens => parts.Aggregate(tokens, (acc, f) => f(acc));
            case "ByteLevel":
                return tokens => [ByteLevel.Decode(string.Concat(tokens))];
            case "ByteFallback":
                return DecodeByteFallback;
            case "Fuse":
                return tokens => [string.Concat(tokens)];
            case "Strip":
                var strip = n["content"]!.GetValue<string>()[0];
                var start = n["start"]?.GetValue<int>() ?? 0;
                var stop = n["stop"]?.GetValue<int>() ?? 0;
                return tokens => tokens.Select(t =>
                {
                    var from = 0;
                    while (from < start && from < t.Length && t[from] == strip)
                    {
                        from++;
                    }

                    var to = t.Length;
                    while (t.Length - to < stop && to > from && t[to - 1] == strip)
                    {
                        to--;
                    }

                    return t[from..to];
                }).ToList();
            case "Metaspace":
                var replacement = n["replacement"]?.GetValue<string>() ?? "▁";
                var scheme = n["prepend_scheme"]?.GetValue<string>() ?? ((n["add_prefix_space"]?.GetValue<bool>() ?? true) ? "always" : "never");
                return tokens => tokens.Select((t, i) =>
                {
                    var text = t.Replace(replacement, " ", StringComparison.Ordinal);
                    return i == 0 && scheme != "never" && text.StartsWith(' ') ? text[1..] : text;
                }).ToList();
            case "Replace":
                var pattern = Pattern(n["pattern"], file);
                var content = n["content"]!.GetValue<string>();
                return tokens => tokens.Select(t => pattern.Replace(t, content)).ToList();
            default:
                throw new InputException($"unsupported decoder '{type}'", file: file, field: "decoder",
                    hint: "supported: Sequence, ByteLevel, ByteFallback, Fuse, Strip, Metaspace, Replace");
        }
    }

    private void AddPostProcessor(JsonNode? node, string file)
    {
        if (node is not JsonObject n)
        {
            return;
        }

        var type = n["type"]?.GetValue<string>();
        switch (type)
        {
            case "Sequence":
                foreach (var p in n["processors"] as JsonArray ?? [])
                {
                    AddPostProcessor(p, file);
                }

                break;
            case "ByteLevel":
                break;
            case "TemplateProcessing":
                var specials = (n["special_tokens"] as JsonObject ?? []).ToDictionary(
                    p => p.Key, p => p.Value!["ids"]!.AsArray().Select(i => i!.GetValue<int>()).ToArray(), StringComparer.Ordinal);
                var single = (n["single"] as JsonArray ?? []).Select(item => item!["SpecialToken"] is JsonObject special
                    ? specials.GetValueOrDefault(special["id"]!.GetValue<string>())
                        ?? throw new InputException($"template token '{special["id"]}' is not in special_tokens", file: file, field: "post_processor")
                    : null).ToList();
                _postProcessors.Add(ids => single.SelectMany(s => s ?? ids).ToList());
                break;
            default:
                throw new InputException($"unsupported post-processor '{type}'", file: file, field: "post_processor",
                    hint: "supported: TemplateProcessing, ByteLevel, Sequence");
        }
    }

    private static List<string> DecodeByteFallback(List<string> tokens)
    {
        var result = new List<string>();
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            if (t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
                && byte.TryParse(t.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                continue;
            }

            Flush();
            result.Add(t);
        }

        Flush();
        return result;

        void Flush()
        {
            if (bytes.Count > 0)
            {
                result.Add(Encoding.UTF8.GetString(bytes.ToArray()));
                bytes.Clear();
            }
        }
    }

    private static Regex Pattern(JsonNode? node, string file) => node switch
    {
        JsonObject o when o["String"] is JsonValue s => new Regex(Regex.Escape(s.GetValue<string>()), RegexOptions.CultureInvariant),
        JsonObject o when o["Regex"] is JsonValue r => new Regex(r.GetValue<string>(), RegexOptions.CultureInvariant),
        _ => throw new InputException("pattern is neither {String} nor {Regex}", file: file),
    };

    private static IEnumerable<string> SplitKeeping(string s, Regex regex, bool keepMatches)
    {
        var at = 0;
        foreach (Match m in regex.Matches(s))
        {
            if (m.Index > at)
            {
                yield return s[at..m.Index];
            }

            if (keepMatches && m.Length > 0)
            {
                yield return m.Value;
            }

            at = m.Index + m.Length;
        }

        if (at < s.Length)
        {
            yield return s[at..];
        }
    }

    private static IEnumerable<string> SplitBefore(string s, string marker)
    {
        var start = 0;
        for (var i = s.IndexOf(marker, 1, StringComparison.Ordinal); i > 0; i = s.IndexOf(marker, i + 1, StringComparison.Ordinal))
        {
            yield return s[start..i];
            start = i;
        }

        if (start < s.Length)
        {
            yield return s[start..];
        }
    }

    private static readonly Regex Gpt2Split = new(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex SingleDigit = new(@"\p{N}", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex DigitRun = new(@"\p{N}+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private sealed record AddedToken(int Id, string Content, bool Special);

    /// <summary>GPT-2's reversible byte ↔ printable-character map used by byte-level BPE.</summary>
    private static class ByteLevel
    {
        private static readonly char[] ByteToChar = BuildMap();
        private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, (byte)b)).ToDictionary(p => p.c, p => p.Item2);

        public static string Encode(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var chars = new char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[i] = ByteToChar[bytes[i]];
            }

            return new string(chars);
        }

        public static string Decode(string text)
        {
            var bytes = new List<byte>(text.Length);
            foreach (var c in text)
            {
                if (CharToByte.TryGetValue(c, out var b))
                {
                    bytes.Add(b);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }
            }

            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static char[] BuildMap()
        {
            var map = new char[256];
            var next = 256;
            for (var b = 0; b < 256; b++)
            {
                var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                map[b] = printable ? (char)b : (char)next++;
            }

            return map;
        }
    }
}
