using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <content>Decoders: ByteLevel, ByteFallback, Fuse, Strip, Metaspace, Replace and Sequence.</content>
public sealed partial class HfTokenizer
{
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
                var strip = n["content"]!.GetValue<string>() is { Length: > 0 } stripped ? stripped[0]
                    : throw new InputException("a Strip decoder needs a content character", file: file, field: "decoder.content");
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
}
