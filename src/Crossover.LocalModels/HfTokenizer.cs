using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> tokenizer: added/special tokens (with their lstrip, rstrip, single_word and
/// normalized flags), normalizers (HfTokenizer.Normalizers.cs), pre-tokenizers (HfTokenizer.PreTokenizers.cs), a BPE
/// model, byte-level or SentencePiece-style with byte fallback (HfTokenizer.Bpe.cs), post-processors
/// (HfTokenizer.PostProcessors.cs) and decoders (HfTokenizer.Decoders.cs).
/// </summary>
/// <remarks>
/// The BPE itself is ours rather than Microsoft.ML.Tokenizers' <c>BpeTokenizer</c>: that one reads merges as
/// space-separated text lines, so it cannot represent SentencePiece-converted merges whose pieces contain spaces (written
/// as two-element arrays since tokenizers 0.20, as in stories260K), and it applies its own pre-tokenization and byte
/// fallback rules where this file must follow the pipeline tokenizer.json describes, step by step.
/// </remarks>
public sealed partial class HfTokenizer
{
    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly Dictionary<(int, int), (int Rank, int Id)> _merges;
    private readonly AddedTokens _raw;
    private readonly AddedTokens _normalized;
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

        // Transformers writes both as "" for Qwen2/2.5/3 byte-level BPE: empty affixes change nothing.
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (model[affix] is JsonValue value && value.GetValue<string>().Length > 0)
            {
                throw new InputException($"{affix} '{value.GetValue<string>()}' is not supported", file: file, field: "model." + affix, hint: "only BPE without word-piece affixes is supported");
            }
        }

        _vocab = (model["vocab"] as JsonObject ?? throw new InputException("missing 'vocab'", file: file, field: "model.vocab"))
            .ToDictionary(p => p.Key, p => TokenId(p.Value, file, "model.vocab"), StringComparer.Ordinal);
        var added = (root["added_tokens"] as JsonArray ?? []).Select(t => AddedToken.Read(t, file)).ToList();
        var size = Math.Max(_vocab.Count == 0 ? 0 : _vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Max(a => a.Id) + 1);
        _idToToken = new string[size];
        foreach (var (token, id) in _vocab)
        {
            _idToToken[id] = token;
        }

        foreach (var a in added)
        {
            _idToToken[a.Id] = a.Content;
            _vocab.TryAdd(a.Content, a.Id);
        }

        _specialIds = added.Where(a => a.Special).Select(a => a.Id).ToHashSet();
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

        // Tokens marked normalized are found in the normalized text, with their content normalized the same way.
        _raw = new AddedTokens(added.Where(a => !a.Normalized));
        _normalized = new AddedTokens(added.Where(a => a.Normalized).Select(a => a with { Content = _normalizer is null ? a.Content : _normalizer(a.Content) }));
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
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException
            or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InputException($"malformed tokenizer.json: {ex.Message.ReplaceLineEndings(" ")}", file: path);
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
        foreach (var (segment, addedId) in _raw.Split(text))
        {
            if (addedId is { } id)
            {
                ids.Add(id);
                first = false;
                continue;
            }

            var normalized = _normalizer is null ? segment : _normalizer(segment);
            foreach (var (part, normalizedId) in _normalized.Split(normalized))
            {
                if (normalizedId is { } nid)
                {
                    ids.Add(nid);
                    first = false;
                    continue;
                }

                var pieces = _preTokenizer is null ? [part] : _preTokenizer(part, first);
                foreach (var piece in pieces)
                {
                    ids.AddRange(EncodePiece(piece));
                }

                first = false;
            }
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

    private static int TokenId(JsonNode? node, string file, string field) =>
        node?.GetValue<int>() is { } id and >= 0 and < 16_777_216 ? id
            : throw new InputException($"token id {node?.ToJsonString()} is not a number from 0 to 16777215", file: file, field: field);

    /// <summary>An entry of <c>added_tokens</c> with the flags tokenizers honours when it finds the token in text.</summary>
    /// <param name="Id">The token id.</param>
    /// <param name="Content">The text it stands for.</param>
    /// <param name="Special">Special tokens are skipped when decoding.</param>
    /// <param name="LStrip">Whitespace before the token belongs to it.</param>
    /// <param name="RStrip">Whitespace after the token belongs to it.</param>
    /// <param name="SingleWord">Matches only where no letter, digit or underscore is next to it.</param>
    /// <param name="Normalized">Matched in the normalized text instead of the raw text (default: not special).</param>
    private sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip, bool SingleWord, bool Normalized)
    {
        public static AddedToken Read(JsonNode? node, string file)
        {
            var t = node as JsonObject ?? throw new InputException("an added token is not an object", file: file, field: "added_tokens");
            var content = t["content"]?.GetValue<string>() ?? throw new InputException("an added token has no content", file: file, field: "added_tokens.content");
            var special = t["special"]?.GetValue<bool>() ?? false;
            return new AddedToken(TokenId(t["id"], file, "added_tokens.id"), content, special,
                t["lstrip"]?.GetValue<bool>() ?? false, t["rstrip"]?.GetValue<bool>() ?? false,
                t["single_word"]?.GetValue<bool>() ?? false, t["normalized"]?.GetValue<bool>() ?? !special);
        }
    }

    /// <summary>Finds added tokens in text, leftmost first and longest first at one position, as tokenizers' Aho-Corasick match does.</summary>
    private sealed class AddedTokens
    {
        private readonly Dictionary<char, AddedToken[]> _byFirstChar;

        public AddedTokens(IEnumerable<AddedToken> tokens) =>
            _byFirstChar = tokens.Where(t => t.Content.Length > 0).GroupBy(t => t.Content[0])
                .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());

        public IEnumerable<(string Text, int? Id)> Split(string text)
        {
            if (_byFirstChar.Count == 0)
            {
                yield return (text, null);
                yield break;
            }

            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (!_byFirstChar.TryGetValue(text[i], out var candidates))
                {
                    continue;
                }

                foreach (var a in candidates)
                {
                    var end = i + a.Content.Length;
                    if (string.CompareOrdinal(text, i, a.Content, 0, a.Content.Length) != 0
                        || (a.SingleWord && ((i > 0 && IsWordChar(text[i - 1])) || (end < text.Length && IsWordChar(text[end])))))
                    {
                        continue;
                    }

                    var from = i;
                    while (a.LStrip && from > start && char.IsWhiteSpace(text[from - 1]))
                    {
                        from--;
                    }

                    while (a.RStrip && end < text.Length && char.IsWhiteSpace(text[end]))
                    {
                        end++;
                    }

                    if (from > start)
                    {
                        yield return (text[start..from], null);
                    }

                    yield return (a.Content, a.Id);
                    i = end - 1;
                    start = end;
                    break;
                }
            }

            if (start < text.Length)
            {
                yield return (text[start..], null);
            }
        }

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}
