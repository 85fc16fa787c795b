using System.Text.Json.Nodes;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <content>Normalizers: Prepend, Replace, NFC/NFD/NFKC/NFKD, Lowercase and Sequence.</content>
public sealed partial class HfTokenizer
{
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
                return s => UnicodeNormalization.Normalize(s, compose: true, compatibility: false);
            case "NFD":
                return s => UnicodeNormalization.Normalize(s, compose: false, compatibility: false);
            case "NFKC":
                return s => UnicodeNormalization.Normalize(s, compose: true, compatibility: true);
            case "NFKD":
                return s => UnicodeNormalization.Normalize(s, compose: false, compatibility: true);
            case "Lowercase":
                return s => s.ToLowerInvariant();
            default:
                throw new InputException($"unsupported normalizer '{type}'", file: file, field: "normalizer",
                    hint: "supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase");
        }
    }
}
