using System.Text.Json;
using System.Text.Json.Nodes;
using Crossover.Core.Input;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>Attaches LoRA adapters to a transformer and saves/loads them in PEFT's layout.</summary>
internal static class Lora
{
    private const string Prefix = "base_model.model.";
    private const string ConfigFile = "adapter_config.json";
    private const string WeightsFile = "adapter_model.safetensors";

    public static void Attach(Transformer transformer, LoraConfig config, int seed)
    {
        config.Validate();
        if (transformer.Lora.Count > 0)
        {
            throw new InputException("the model already has an adapter", hint: "merge it first or load the base model again");
        }

        using var noGrad = no_grad();
        var generator = new TorchSharp.torch.Generator((ulong)seed, transformer.Device);
        foreach (var (path, outFeatures, inFeatures, _) in Targets(transformer.Config, config))
        {
            // PEFT's default initialisation: A ~ kaiming_uniform(a=√5), i.e. U(-1/√in, 1/√in); B = 0.
            var bound = 1.0 / Math.Sqrt(inFeatures);
            var a = rand([config.Rank, inFeatures], generator: generator, device: transformer.Device) * (2 * bound) - bound;
            var b = zeros([outFeatures, config.Rank], device: transformer.Device);
            transformer.Lora[path] = new LoraLayer(new Parameter(a), new Parameter(b), config.Scale, config.Dropout);
        }

        generator.Dispose();
    }

    public static void Save(Transformer transformer, LoraConfig config, string directory, string baseModel)
    {
        Directory.CreateDirectory(directory);
        var json = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = config.Rank,
            ["lora_alpha"] = config.Alpha,
            ["lora_dropout"] = config.Dropout,
            ["target_modules"] = new JsonArray(config.TargetModules.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["use_rslora"] = config.UseRsLora,
            ["use_dora"] = false,
            ["inference_mode"] = true,
            ["modules_to_save"] = null,
            ["init_lora_weights"] = true,
        };
        File.WriteAllText(Path.Combine(directory, ConfigFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var tensors = transformer.Lora.SelectMany(l => new[]
        {
            KeyValuePair.Create($"{Prefix}{l.Key}.lora_A.weight", (Tensor)l.Value.A),
            KeyValuePair.Create($"{Prefix}{l.Key}.lora_B.weight", (Tensor)l.Value.B),
        });
        Safetensors.Write(Path.Combine(directory, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    public static LoraConfig Load(Transformer transformer, string directory)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        var weightsPath = Path.Combine(directory, WeightsFile);
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
        {
            throw new InputException($"an adapter folder needs {ConfigFile} and {WeightsFile}", file: directory, hint: "pass a folder saved by 'crossover local train' or peft");
        }

        var config = ReadConfig(configPath);
        var tensors = Safetensors.Read([weightsPath], ScalarType.Float32, transformer.Device);
        try
        {
            Attach(transformer, config, 0);
            using var noGrad = no_grad();
            foreach (var (name, value) in tensors)
            {
                var (path, which) = ParseName(name, weightsPath);
                if (!transformer.Lora.TryGetValue(path, out var layer))
                {
                    throw new InputException($"unexpected adapter tensor '{name}'", file: weightsPath, hint: "its module is not in target_modules or not in this model");
                }

                var target = which == "A" ? layer.A : layer.B;
                if (!target.shape.SequenceEqual(value.shape))
                {
                    throw new InputException($"adapter tensor '{name}' has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", target.shape)}]", file: weightsPath);
                }

                target.copy_(value);
            }

            var missing = transformer.Lora.Keys.SelectMany(p => new[] { $"{Prefix}{p}.lora_A.weight", $"{Prefix}{p}.lora_B.weight" })
                .FirstOrDefault(n => !tensors.ContainsKey(n));
            if (missing is not null)
            {
                throw new InputException($"missing adapter tensor '{missing}'", file: weightsPath);
            }
        }
        catch
        {
            foreach (var l in transformer.Lora.Values)
            {
                l.Dispose();
            }

            transformer.Lora.Clear();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }

        return config;
    }

    private static IEnumerable<(string Path, long Out, long In, bool Bias)> Targets(ModelConfig model, LoraConfig config) =>
        Transformer.Projections(model).Where(p => config.TargetModules.Contains(p.Path[(p.Path.LastIndexOf('.') + 1)..]));

    private static (string Path, string Which) ParseName(string name, string file)
    {
        foreach (var which in new[] { "A", "B" })
        {
            var suffix = $".lora_{which}.weight";
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (name[Prefix.Length..^suffix.Length], which);
            }
        }

        throw new InputException($"unexpected adapter tensor '{name}'", file: file, hint: "expected PEFT names like base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
    }

    private static LoraConfig ReadConfig(string file)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InputException("not a JSON object", file: file);
        }
        catch (JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: file);
        }

        if (root["peft_type"]?.GetValue<string>() is { } type && type != "LORA")
        {
            throw new InputException($"unsupported peft_type '{type}'", file: file, field: "peft_type", hint: "only LORA adapters are supported");
        }

        if (root["use_dora"]?.GetValue<bool>() == true)
        {
            throw new InputException("DoRA adapters are not supported", file: file, field: "use_dora");
        }

        var targets = root["target_modules"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            _ => throw new InputException("target_modules must be a list of module names", file: file, field: "target_modules"),
        };
        var config = new LoraConfig
        {
            Rank = root["r"]?.GetValue<int>() ?? throw new InputException("missing 'r'", file: file, field: "r"),
            Alpha = root["lora_alpha"]?.GetValue<double>() ?? 8,
            Dropout = root["lora_dropout"]?.GetValue<double>() ?? 0,
            TargetModules = targets,
            UseRsLora = root["use_rslora"]?.GetValue<bool>() ?? false,
        };
        try
        {
            config.Validate();
        }
        catch (InputException ex)
        {
            throw new InputException(ex.Problem, file: file, field: ex.Field, hint: ex.Hint);
        }

        return config;
    }
}
