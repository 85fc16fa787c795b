using System.Text.Json.Nodes;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <content>Post-processors: TemplateProcessing, ByteLevel (nothing to do for ids) and Sequence.</content>
public sealed partial class HfTokenizer
{
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
}
