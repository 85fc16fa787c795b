using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;

namespace Crossover.LocalModels;

/// <summary>The parts of a Hugging Face <c>config.json</c> the Llama-family transformer needs.</summary>
internal sealed record ModelConfig
{
    public static readonly string[] SupportedArchitectures = ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM"];

    public required string Architecture { get; init; }

    public required int HiddenSize { get; init; }

    public required int IntermediateSize { get; init; }

    public required int Layers { get; init; }

    public required int Heads { get; init; }

    public required int KvHeads { get; init; }

    public required int HeadDim { get; init; }

    public required int VocabSize { get; init; }

    public required double RmsNormEps { get; init; }

    public required double RopeTheta { get; init; }

    public RopeScaling? RopeScaling { get; init; }

    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Biases on q/k/v (Qwen2, or Llama's attention_bias).</summary>
    public required bool QkvBias { get; init; }

    /// <summary>Bias on o_proj (Llama's attention_bias only; Qwen2 has none there).</summary>
    public required bool OutputBias { get; init; }

    public required bool MlpBias { get; init; }

    public int? BosTokenId { get; init; }

    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Mistral's sliding-window attention: a token attends to itself and the previous <c>SlidingWindow - 1</c> tokens; null for full attention.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>The context length the model was trained for (<c>max_position_embeddings</c>); null when config.json omits it.</summary>
    public int? MaxPositions { get; init; }

    public static ModelConfig Load(string directory)
    {
        var file = Path.Combine(directory, "config.json");
        if (!File.Exists(file))
        {
            throw new InputException("no config.json in the model folder", file: directory, hint: "pass a Hugging Face model folder");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InputException("not a JSON object", file: file);
        }
        catch (JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: file);
        }

        var architecture = root["architectures"] is JsonArray { Count: > 0 } a ? a[0]!.GetValue<string>() : "(none)";
        if (!SupportedArchitectures.Contains(architecture))
        {
            throw new InputException($"unsupported architecture '{architecture}'", file: file, field: "architectures",
                hint: $"supported: {string.Join(", ", SupportedArchitectures)}");
        }

        var hidden = Int(root, "hidden_size", file);
        var heads = Int(root, "num_attention_heads", file);
        var qwen = architecture == "Qwen2ForCausalLM";
        var attentionBias = Bool(root, "attention_bias", false, file);
        var config = new ModelConfig
        {
            Architecture = architecture,
            HiddenSize = hidden,
            IntermediateSize = Int(root, "intermediate_size", file),
            Layers = Int(root, "num_hidden_layers", file),
            Heads = heads,
            KvHeads = root["num_key_value_heads"] is null ? heads : Int(root, "num_key_value_heads", file),
            HeadDim = root["head_dim"] is null ? hidden / heads : Int(root, "head_dim", file),
            VocabSize = Int(root, "vocab_size", file),
            RmsNormEps = Double(root, "rms_norm_eps", 1e-6, file),
            RopeTheta = Double(root, "rope_theta", 10000.0, file),
            RopeScaling = ParseRopeScaling(root["rope_scaling"], file),
            TieWordEmbeddings = Bool(root, "tie_word_embeddings", false, file),
            QkvBias = qwen || attentionBias,
            OutputBias = !qwen && attentionBias,
            MlpBias = Bool(root, "mlp_bias", false, file),
            BosTokenId = root["bos_token_id"] is JsonValue b ? b.GetValue<int>() : null,
            EosTokenIds = Ids(root["eos_token_id"]),
            SlidingWindow = architecture == "MistralForCausalLM" && root["sliding_window"] is JsonValue window ? window.GetValue<int>() : null,
            MaxPositions = root["max_position_embeddings"] is null ? null : Int(root, "max_position_embeddings", file),
        };
        if (config.SlidingWindow is < 1)
        {
            throw new InputException($"sliding_window {config.SlidingWindow} must be at least 1", file: file, field: "sliding_window", hint: "use null for full attention");
        }
        if (qwen && Bool(root, "use_sliding_window", false, file))
        {
            throw new InputException("Qwen2 per-layer sliding-window attention is not supported", file: file, field: "use_sliding_window",
                hint: "released Qwen2/2.5 checkpoints ship use_sliding_window: false; set it to false to use full attention");
        }

        if (config.Heads % config.KvHeads != 0)
        {
            throw new InputException($"num_attention_heads {config.Heads} is not a multiple of num_key_value_heads {config.KvHeads}", file: file, field: "num_key_value_heads");
        }

        if (root["hidden_act"] is JsonValue act && act.GetValue<string>() is not ("silu" or "swish"))
        {
            throw new InputException($"unsupported hidden_act '{act}'", file: file, field: "hidden_act", hint: "only silu (SwiGLU) is supported");
        }

        return config;
    }

    /// <summary>Reads an id or a list of ids (eos_token_id may be either).</summary>
    public static IReadOnlyList<int> Ids(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n!.GetValue<int>()).ToArray(),
        JsonValue value => [value.GetValue<int>()],
        _ => [],
    };

    private static RopeScaling? ParseRopeScaling(JsonNode? node, string file)
    {
        if (node is not JsonObject scaling)
        {
            return null;
        }

        var type = (scaling["rope_type"] ?? scaling["type"])?.GetValue<string>();
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling("linear", Double(scaling, "factor", 1, file), 1, 4, 8192),
            "llama3" => new RopeScaling("llama3", Double(scaling, "factor", 8, file), Double(scaling, "low_freq_factor", 1, file),
                Double(scaling, "high_freq_factor", 4, file), Int(scaling, "original_max_position_embeddings", file)),
            _ => throw new InputException($"unsupported rope scaling '{type}'", file: file, field: "rope_scaling", hint: "supported: linear, llama3"),
        };
    }

    private static int Int(JsonObject node, string name, string file) =>
        node[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : throw new InputException("missing or not an integer", file: file, field: name);

    private static double Double(JsonObject node, string name, double fallback, string file) => node[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => throw new InputException("not a number", file: file, field: name),
    };

    private static bool Bool(JsonObject node, string name, bool fallback, string file) => node[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw new InputException("not true or false", file: file, field: name),
    };
}

/// <summary>Rotary scaling: <c>linear</c> divides positions by the factor; <c>llama3</c> rescales low frequencies (Llama 3.1).</summary>
internal sealed record RopeScaling(string Type, double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositions);
