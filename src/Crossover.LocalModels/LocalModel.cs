using System.Text.Json.Nodes;
using Crossover.Core.Input;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Crossover.LocalModels;

/// <summary>
/// A Llama-family model loaded from a Hugging Face folder (config.json, safetensors, tokenizer.json), with an
/// optional LoRA adapter: generation, adapter save/load, merge.
/// </summary>
public sealed class LocalModel : IDisposable
{
    private readonly string _directory;

    private LocalModel(string directory, Transformer transformer, HfTokenizer tokenizer, ChatTemplate template, IReadOnlyList<int> eos)
    {
        _directory = directory;
        Transformer = transformer;
        Tokenizer = tokenizer;
        Template = template;
        EosTokenIds = eos;
    }

    /// <summary>The tokenizer from the folder's tokenizer.json.</summary>
    public HfTokenizer Tokenizer { get; }

    /// <summary>The chat template from tokenizer_config.json (plain text when the folder has none).</summary>
    public ChatTemplate Template { get; }

    /// <summary>Ids that end generation by default: generation_config.json's, else config.json's eos_token_id.</summary>
    public IReadOnlyList<int> EosTokenIds { get; }

    /// <summary>The number of base parameters.</summary>
    public long ParameterCount => Transformer.ParameterCount;

    /// <summary>The folder name, used as the model id.</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(_directory));

    internal Transformer Transformer { get; }

    /// <summary>Loads a model folder, and an adapter folder on top when given.</summary>
    /// <param name="modelDirectory">A Hugging Face folder of a LlamaForCausalLM, MistralForCausalLM or Qwen2ForCausalLM.</param>
    /// <param name="adapterDirectory">A PEFT LoRA adapter folder, or null.</param>
    /// <param name="device">A TorchSharp device name: <c>cpu</c> (default) or <c>cuda</c> where a CUDA build is installed.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InputException">A file is missing or malformed, a tensor is missing, unexpected or misshapen, or the architecture is unsupported.</exception>
    public static LocalModel Load(string modelDirectory, string? adapterDirectory = null, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new InputException("model folder not found", file: modelDirectory);
        }

        var tokenizer = HfTokenizer.Load(Path.Combine(modelDirectory, "tokenizer.json"));
        var template = ChatTemplate.Load(modelDirectory);
        var transformer = Transformer.Load(modelDirectory, new Device(device));
        var eos = ReadGenerationEos(modelDirectory) ?? transformer.Config.EosTokenIds;
        var model = new LocalModel(modelDirectory, transformer, tokenizer, template, eos);
        if (adapterDirectory is not null)
        {
            try
            {
                model.LoadAdapter(adapterDirectory);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        return model;
    }

    /// <summary>Generates a continuation of one text prompt (encoded with the tokenizer's special tokens, e.g. BOS).</summary>
    /// <param name="prompt">The prompt text.</param>
    /// <param name="options">Length, sampling and stop settings.</param>
    /// <param name="cancellationToken">Stops between tokens.</param>
    /// <returns>The continuation.</returns>
    public GenerationResult Generate(string prompt, GenerationOptions options, CancellationToken cancellationToken = default) =>
        Generate([Tokenizer.Encode(prompt)], options, cancellationToken)[0];

    /// <summary>Generates continuations of several tokenized prompts in one batch (left-padded, one KV cache).</summary>
    /// <param name="prompts">Token ids of each prompt (each non-empty).</param>
    /// <param name="options">Length, sampling and stop settings.</param>
    /// <param name="cancellationToken">Stops between tokens.</param>
    /// <returns>One result per prompt, in order.</returns>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = Transformer.Config;
        foreach (var id in options.StopTokenIds ?? [])
        {
            if (id < 0 || id >= config.VocabSize)
            {
                throw new InputException($"stop token id {id} is outside the vocabulary (0 to {config.VocabSize - 1})", field: "stop-id");
            }
        }

        if (config.MaxPositions is { } context && prompts.Count > 0 && prompts.Max(p => p.Count) is var longest && (long)longest + options.MaxNewTokens > context)
        {
            throw new InputException($"a {longest}-token prompt and {options.MaxNewTokens} new tokens exceed the model's context of {context} tokens (max_position_embeddings)",
                field: "max-tokens", hint: longest < context ? $"ask for at most {context - longest} new tokens" : "shorten the prompt");
        }

        return Decoding.Run(this, prompts, options, cancellationToken);
    }

    /// <summary>
    /// Weight-only int8 decoding (off by default): single-sequence decoding steps multiply int8 copies of the projections
    /// and the output head (one scale per row) with fp32 activations, reading a quarter of the bytes. It approximates the
    /// model (docs/local-engine.md gives the measured agreement), so evaluation leaves it off unless asked.
    /// </summary>
    public bool Int8Decoding
    {
        get => Transformer.Int8 is not null;
        set => Transformer.UseInt8Decoding(value);
    }

    /// <summary>Adds trainable LoRA adapters (B = 0, so the model is unchanged until trained).</summary>
    /// <param name="config">Rank, alpha, dropout and target projections.</param>
    /// <param name="seed">Seed for A's initialisation.</param>
    /// <exception cref="InputException">The model already has an adapter, or a target module does not exist.</exception>
    public void AddAdapter(LoraConfig config, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        Lora.Attach(Transformer, config, seed);
        AdapterConfig = config;
    }

    /// <summary>Loads a PEFT adapter folder (adapter_config.json + adapter_model.safetensors) onto this model.</summary>
    /// <param name="adapterDirectory">The adapter folder.</param>
    /// <exception cref="InputException">The folder is missing, malformed or does not fit this model.</exception>
    public void LoadAdapter(string adapterDirectory) => AdapterConfig = Lora.Load(Transformer, adapterDirectory);

    /// <summary>The adapter's settings, when one is attached.</summary>
    public LoraConfig? AdapterConfig { get; private set; }

    /// <summary>Saves the adapter in the PEFT layout so peft and vLLM can load it.</summary>
    /// <param name="adapterDirectory">The folder to write (created if needed).</param>
    public void SaveAdapter(string adapterDirectory)
    {
        var config = AdapterConfig ?? throw new InvalidOperationException("the model has no adapter to save");
        Lora.Save(Transformer, config, adapterDirectory, Path.GetFullPath(_directory));
    }

    /// <summary>Adds the adapter into the base weights and writes a complete model folder (weights, config, tokenizer).</summary>
    /// <param name="outputDirectory">The folder to write (created if needed).</param>
    public void MergeAndSave(string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);
        Transformer.MergeLora();
        AdapterConfig = null;
        Directory.CreateDirectory(outputDirectory);
        Safetensors.Write(Path.Combine(outputDirectory, "model.safetensors"), Transformer.Weights, new Dictionary<string, string> { ["format"] = "pt" });
        foreach (var file in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json" })
        {
            var source = Path.Combine(_directory, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(outputDirectory, file), overwrite: true);
            }
        }
    }

    /// <summary>Renders messages with the chat template and encodes them (BOS as the family puts it).</summary>
    /// <param name="messages">(role, content) pairs.</param>
    /// <returns>Prompt token ids, ending with the assistant header where the family has one.</returns>
    public IReadOnlyList<int> EncodeChat(IReadOnlyList<(string Role, string Content)> messages)
    {
        var text = Template.Render(messages, addGenerationPrompt: true);
        return Tokenizer.Encode(text, addSpecialTokens: Template.IsPlainText);
    }

    /// <summary>Ids that end an answer: the template's end-of-turn token when it has one, then the EOS ids.</summary>
    public IReadOnlyList<int> EndOfAnswerIds =>
        (Template.EndOfTurn is { } marker && Tokenizer.TokenToId(marker) is { } id ? new[] { id } : []).Concat(EosTokenIds).Distinct().ToList();

    /// <summary>The trainable adapter parameters.</summary>
    internal IEnumerable<Parameter> AdapterParameters => Transformer.Lora.Values.SelectMany(l => new[] { l.A, l.B });

    /// <summary>Frees the tensors.</summary>
    public void Dispose() => Transformer.Dispose();

    private static IReadOnlyList<int>? ReadGenerationEos(string directory)
    {
        var file = Path.Combine(directory, "generation_config.json");
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var ids = ModelConfig.Ids(JsonNode.Parse(File.ReadAllText(file))?["eos_token_id"]);
            return ids.Count > 0 ? ids : null;
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InputException($"not valid JSON: {ex.Message}", file: file);
        }
    }
}
