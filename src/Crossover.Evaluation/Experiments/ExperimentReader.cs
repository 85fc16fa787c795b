using Crossover.Core.Input;
using Crossover.Evaluation.Metrics;
using Crossover.Evaluation.Strategies;

namespace Crossover.Evaluation.Experiments;

/// <summary>Reads and validates experiment files; every problem is one <see cref="InputException"/> naming file, line and field.</summary>
public static class ExperimentReader
{
    /// <summary>Loads an experiment file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="InputException">The file is missing or invalid.</exception>
    public static Experiment Load(string path) => Load(path, allowOutsideFiles: false);

    /// <summary>Loads an experiment file, optionally letting it name files outside its own folder.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="allowOutsideFiles">
    /// Whether the dataset, output schema and rubric files may lie outside the experiment's folder (<c>--allow-outside-files</c>).
    /// Off by default: their contents are sent to the experiment's endpoints, so an untrusted experiment must not read
    /// arbitrary files (docs/experiment.md, "Trust").
    /// </param>
    /// <param name="metrics">The metrics <c>metrics:</c> may name (default: the built-in ones).</param>
    /// <param name="strategies">The strategies <c>strategy.kind</c> may name (default: <see cref="PromptStrategies.Default"/>).</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="InputException">The file is missing or invalid.</exception>
    public static Experiment Load(string path, bool allowOutsideFiles, MetricRegistry? metrics = null, PromptStrategies? strategies = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(YamlMap.Load(path), Path.GetFullPath(path), allowOutsideFiles, metrics ?? MetricRegistry.Default, strategies ?? PromptStrategies.Default);
    }

    /// <summary>Parses experiment text as if it were the file at <paramref name="path"/> (relative paths resolve against its folder).</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="path">The file it came from.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="InputException">The text is invalid.</exception>
    public static Experiment Parse(string text, string path) => Parse(text, path, allowOutsideFiles: false);

    /// <summary>Parses experiment text, optionally letting it name files outside its folder.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="path">The file it came from.</param>
    /// <param name="allowOutsideFiles">Whether referenced files may lie outside the experiment's folder.</param>
    /// <param name="metrics">The metrics <c>metrics:</c> may name (default: the built-in ones).</param>
    /// <param name="strategies">The strategies <c>strategy.kind</c> may name (default: <see cref="PromptStrategies.Default"/>).</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="InputException">The text is invalid.</exception>
    public static Experiment Parse(string text, string path, bool allowOutsideFiles, MetricRegistry? metrics = null, PromptStrategies? strategies = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(YamlMap.Parse(text, path), Path.GetFullPath(path), allowOutsideFiles, metrics ?? MetricRegistry.Default, strategies ?? PromptStrategies.Default);
    }

    private static Experiment Read(YamlMap root, string fullPath, bool allowOutsideFiles, MetricRegistry registry, PromptStrategies strategies)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        var files = new FileRule(folder, allowOutsideFiles);
        var name = root.RequiredName("name", "give the experiment a short name, e.g. ticket-routing");
        var datasetMap = root.Map("dataset") ?? throw root.Error("dataset", "is required", "add dataset: { path: data.jsonl, expected: label }");
        var taskMap = root.Map("task") ?? throw root.Error("task", "is required", "add task: { kind: classification, instructions: …, input: \"{{text}}\" }");
        var task = ReadTask(taskMap, files);
        var dataset = ReadDataset(datasetMap, files) with { Labels = task.Kind == TaskKind.Classification ? task.Labels : [] };

        var candidateMaps = root.MapList("candidates");
        if (candidateMaps.Count == 0)
        {
            throw root.Error("candidates", "needs at least one candidate", "add candidates: - { name: …, model: { provider: openai, id: … } }");
        }

        var candidates = new List<CandidateSpec>();
        foreach (var map in candidateMaps)
        {
            var candidate = ReadCandidate(map, task, folder, strategies);
            if (candidates.Any(c => string.Equals(c.Name, candidate.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw map.Error("name", $"'{candidate.Name}' is used by two candidates", "give each candidate its own name");
            }

            candidates.Add(candidate);
        }

        var judge = ReadJudge(root.Map("judge"), files);
        var metrics = root.StringList("metrics");
        if (metrics.Count == 0)
        {
            metrics = [.. MetricRegistry.DefaultsFor(task.Kind)];
        }

        var repeats = root.Integer("repeats", 1, 20) ?? 1;
        foreach (var metric in metrics)
        {
            if (registry.Check(metric, task, repeats, judge) is { } problem)
            {
                throw root.Error("metrics", problem.Problem, problem.Hint);
            }
        }

        if (judge is not null && !metrics.Contains(MetricNames.Judge))
        {
            metrics = [.. metrics, MetricNames.Judge];
        }

        var primary = root.String("primary") ?? metrics[0];
        if (!metrics.Contains(primary))
        {
            throw root.Error("primary", $"'{primary}' is not in metrics", "name one of: " + string.Join(", ", metrics));
        }

        var concurrency = root.Integer("concurrency", 1, 1024) ?? 8;
        var temperature = root.Number("temperature", 0, 2);
        var maxOutput = root.Integer("maxOutputTokens", 1, 1_000_000);
        var calls = ReadCalls(root.Map("calls"));
        var logProbs = root.Bool("logprobs") ?? false;
        root.EnsureNoUnknownKeys();
        var models = candidates.Select(c => c.Model).Concat(candidates.Select(c => c.Strategy.Embeddings).OfType<ModelSpec>());
        var warnings = (judge is null ? models : models.Append(judge.Model)).Select(KeyWarning).OfType<string>().Distinct().ToList();
        return new Experiment(name, fullPath, dataset, task, candidates, metrics, primary, repeats, concurrency, temperature, maxOutput, calls) { Judge = judge, Warnings = warnings, LogProbs = logProbs, MetricRegistry = registry };
    }

    private static DatasetSpec ReadDataset(YamlMap map, FileRule files)
    {
        var path = map.RequiredString("path", "the JSONL or CSV file, relative to the experiment file");
        var full = files.Resolve(map, "path", path);
        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is not (".jsonl" or ".csv"))
        {
            throw map.Error("path", $"'{path}' is neither .jsonl nor .csv", "convert the data to JSON Lines or CSV");
        }

        if (!System.IO.File.Exists(full))
        {
            throw map.Error("path", $"'{path}' does not exist", $"looked for {full}");
        }

        var expected = map.RequiredString("expected", "the field that holds the reference answer, e.g. label");
        var id = map.String("id");
        var splitMap = map.Map("split");
        var split = new SplitSpec(0.6, 0.2, 0.2, 7);
        if (splitMap is not null)
        {
            var train = splitMap.Number("train", 0, 1) ?? 0;
            var dev = splitMap.Number("dev", 0, 1) ?? 0;
            var test = splitMap.Number("test", 0, 1) ?? 0;
            var seed = splitMap.Integer("seed") ?? 7;
            splitMap.EnsureNoUnknownKeys();
            if (Math.Abs(train + dev + test - 1) > 1e-6)
            {
                throw map.Error("split", $"train + dev + test must be 1, not {train + dev + test:0.###}", "e.g. { train: 0.6, dev: 0.2, test: 0.2 }");
            }

            split = new SplitSpec(train, dev, test, seed);
        }

        var evaluate = map.String("evaluate") ?? "test";
        if (evaluate is not ("test" or "dev" or "all" or "dev+test"))
        {
            throw map.Error("evaluate", $"'{evaluate}' is not a split", "use test, dev, dev+test or all");
        }

        if (evaluate is "test" or "dev+test" && split.Test == 0 || evaluate is "dev" or "dev+test" && split.Dev == 0)
        {
            var empty = split.Test == 0 ? "test" : "dev";
            throw map.Error("evaluate", $"the {empty} split is empty", $"give split.{empty} a share above 0");
        }

        var limit = map.Integer("limit", 1);
        map.EnsureNoUnknownKeys();
        return new DatasetSpec(full, expected, id, split, evaluate, limit);
    }

    private static TaskSpec ReadTask(YamlMap map, FileRule files)
    {
        var kind = map.Choice<TaskKind>("kind") ?? throw map.Error("kind", "is required", "use one of: " + string.Join(", ", Names.Of<TaskKind>()));
        var instructions = map.RequiredString("instructions", "tell the model what to do");
        var input = map.RequiredString("input", "the user message, e.g. \"{{text}}\"");
        if (Prompts.Template.Problem(input) is { } problem)
        {
            throw map.Error("input", problem, "write each placeholder as {{field}}, with a field name of letters, digits, '_', '-' or '.'");
        }

        if (!input.Contains("{{", StringComparison.Ordinal))
        {
            throw map.Error("input", "has no {{field}} placeholder", "write e.g. \"{{text}}\" so each item's data reaches the model");
        }

        var labels = map.StringList("labels");
        if (kind == TaskKind.Classification && labels.Count < 2)
        {
            throw map.Error("labels", labels.Count == 0 ? "is required for classification" : "needs at least two labels", "list the classes, e.g. [billing, bug, account]");
        }

        if (labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() != labels.Count)
        {
            throw map.Error("labels", "a label appears twice", "list each label once");
        }

        string? schema = null;
        var schemaPath = map.String("outputSchema");
        if (schemaPath is not null)
        {
            var full = files.Resolve(map, "outputSchema", schemaPath);
            if (!System.IO.File.Exists(full))
            {
                throw map.Error("outputSchema", $"'{schemaPath}' does not exist", $"looked for {full}");
            }

            schema = InputFile.ReadText(full);
            if (Scoring.JsonSchemaCheck.Problem(schema) is { } schemaProblem)
            {
                throw map.Error("outputSchema", $"'{schemaPath}' {schemaProblem}");
            }
        }
        else if (kind == TaskKind.Extraction)
        {
            throw map.Error("outputSchema", "is required for extraction", "point it at a JSON Schema file describing the fields");
        }

        var regex = map.String("regex");
        if (regex is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw map.Error("regex", $"is not a valid regular expression: {ex.Message}");
            }
        }

        var contains = map.String("contains");
        map.EnsureNoUnknownKeys();
        return new TaskSpec(kind, instructions, input, labels, schema, regex, contains);
    }

    private static CandidateSpec ReadCandidate(YamlMap map, TaskSpec task, string folder, PromptStrategies strategies)
    {
        var name = map.RequiredName("name", "a short name for this candidate");
        var modelMap = map.Map("model") ?? throw map.Error("model", "is required", "write model: { provider: openai, id: gpt-4.1-mini }");
        var model = ReadModel(modelMap, folder);

        var strategyMap = map.Map("strategy");
        var strategy = new StrategySpec(PromptStrategies.ZeroShot, 0, ShotSelection.Random);
        if (strategyMap is not null)
        {
            var kind = ReadKind(strategyMap, strategies);
            var shots = strategyMap.Integer("shots", 0, 64) ?? kind.DefaultShots;
            var select = strategyMap.Choice<ShotSelection>("select") ?? ShotSelection.Random;
            var embeddingsMap = strategyMap.Map("embeddings");
            var embeddings = embeddingsMap is null ? null : ReadModel(embeddingsMap, folder);
            var similarity = strategyMap.Choice<Similarity>("similarity") ?? (embeddings is null ? Similarity.Bm25 : Similarity.Embeddings);
            var promptPath = strategyMap.String("prompt");
            strategyMap.EnsureNoUnknownKeys();
            if (strategyMap.String("similarity") is not null && select != ShotSelection.Similar)
            {
                throw strategyMap.Error("similarity", "applies only to select: similar", "drop similarity, or set select: similar");
            }

            if (similarity == Similarity.Embeddings && embeddings is null)
            {
                throw strategyMap.Error("embeddings", "is required for similarity: embeddings", "add embeddings: { provider: openai, id: text-embedding-3-small }");
            }

            if (embeddings is not null && (similarity != Similarity.Embeddings || select != ShotSelection.Similar))
            {
                throw strategyMap.Error("embeddings", "is set but no similar selection uses it", "set select: similar with similarity: embeddings, or drop embeddings");
            }

            if (shots == 0 && kind.WithShots(0) != kind)
            {
                throw strategyMap.Error("shots", $"{kind.Name} needs at least one shot", $"set shots: {Math.Max(1, kind.DefaultShots)}, or use kind: {kind.WithShots(0).Name}");
            }

            if (select == ShotSelection.Fixed && promptPath is null)
            {
                throw strategyMap.Error("select", "fixed selection shows the demonstrations a prompt file lists", "add prompt: FILE.prompt.yaml (crossover optimize writes one), or use random, stratified or similar");
            }

            if (select == ShotSelection.Stratified && task.Kind != TaskKind.Classification)
            {
                throw strategyMap.Error("select", "stratified selection needs a classification task", "use random or similar");
            }

            strategy = new StrategySpec(kind, shots, select) { Similarity = similarity, Embeddings = embeddings };
            if (promptPath is not null)
            {
                strategy = WithPromptFile(strategyMap, strategy, promptPath, strategies);
            }
        }

        var temperature = map.Number("temperature", 0, 2);
        map.EnsureNoUnknownKeys();
        return new CandidateSpec(name, model, strategy, temperature);
    }

    /// <summary>The registered strategy <c>kind</c> names (zero-shot when absent), suggesting the closest name on a typo.</summary>
    private static IPromptStrategy ReadKind(YamlMap strategyMap, PromptStrategies strategies)
    {
        var name = strategyMap.String("kind");
        if (name is null)
        {
            return PromptStrategies.ZeroShot;
        }

        if (strategies.Find(name) is { } kind)
        {
            return kind;
        }

        var known = "strategies: " + string.Join(", ", strategies.Names);
        throw strategyMap.Error("kind", $"'{name}' is not allowed", YamlMap.Closest(name, strategies.Names) is { } closest ? $"did you mean '{closest}'? {known}" : "use one of the " + known);
    }

    /// <summary>Applies a prompt file: its instructions and format replace the task's; its demonstrations become a fixed selection.</summary>
    private static StrategySpec WithPromptFile(YamlMap strategyMap, StrategySpec strategy, string promptPath, PromptStrategies strategies)
    {
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(strategyMap.File)) ?? ".", promptPath));
        if (!System.IO.File.Exists(full))
        {
            throw strategyMap.Error("prompt", $"'{promptPath}' does not exist", $"looked for {full}");
        }

        var prompt = PromptFile.Load(full);
        if (prompt.Demonstrations.Count == 0)
        {
            return strategy with { Instructions = prompt.Instructions, Format = prompt.Format, PromptFile = promptPath };
        }

        if (strategyMap.Has("shots") || strategyMap.Has("select"))
        {
            throw strategyMap.Error("prompt", "the prompt file lists its demonstrations, so shots and select do not apply", "drop shots and select from this strategy");
        }

        var shown = strategy.Kind.WithShots(prompt.Demonstrations.Count);
        if (shown != strategy.Kind)
        {
            var others = strategies.All.Where(s => s != shown && s.WithShots(prompt.Demonstrations.Count) == s).Select(s => s.Name).ToList();
            throw strategyMap.Error("prompt", $"the prompt file lists demonstrations but the strategy is {strategy.Kind.Name}",
                $"use kind: {shown.Name}" + (others.Count == 0 ? string.Empty : $" (or {string.Join(" / ", others)})"));
        }

        return new StrategySpec(strategy.Kind, prompt.Demonstrations.Count, ShotSelection.Fixed)
        {
            Instructions = prompt.Instructions,
            Format = prompt.Format,
            Demonstrations = prompt.Demonstrations,
            PromptFile = promptPath,
        };
    }

    private static ModelSpec ReadModel(YamlMap modelMap, string folder)
    {
        var provider = modelMap.RequiredString("provider", "openai, azure-openai, ollama, anthropic, local or recorded").ToLowerInvariant();
        var id = modelMap.RequiredString("id", "the model id, e.g. gpt-4.1-mini");

        // Like dataset.path, a file or folder named in an experiment is relative to the experiment file, not the shell's folder.
        if (provider is "local" or "recorded")
        {
            id = Path.GetFullPath(Path.Combine(folder, id));
        }

        var baseUrl = modelMap.String("baseUrl");
        if (baseUrl is not null && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw modelMap.Error("baseUrl", $"'{baseUrl}' is not an http(s) URL", "e.g. http://127.0.0.1:8080/v1");
        }

        var baseUrlEnv = EnvironmentName(modelMap, "baseUrlEnv", "name the variable that holds the endpoint, e.g. OPENAI_BASE_URL");
        var keyEnv = EnvironmentName(modelMap, "apiKeyEnv", "name the variable that holds the key, e.g. OPENAI_API_KEY (never the key itself)");
        if (keyEnv is not null && !LooksLikeKey(keyEnv))
        {
            throw modelMap.Error("apiKeyEnv", $"'{keyEnv}' does not look like an API key variable, and its value would be sent to the endpoint",
                "name a variable ending in _KEY or _TOKEN that holds this provider's key, e.g. OPENAI_API_KEY");
        }

        var rpm = modelMap.Integer("requestsPerMinute", 1);
        var tpm = modelMap.Integer("tokensPerMinute", 1);
        var priceAs = modelMap.String("priceAs");
        var adapter = modelMap.String("adapter") is { } adapterPath ? Path.GetFullPath(Path.Combine(folder, adapterPath)) : null;
        if (adapter is not null && provider != "local")
        {
            throw modelMap.Error("adapter", "only a local model takes an adapter folder", "use provider: local, or serve the adapter behind an OpenAI-compatible endpoint (e.g. vLLM) and give its baseUrl");
        }

        var reasoning = modelMap.Bool("reasoning") ?? false;
        modelMap.EnsureNoUnknownKeys();
        return new ModelSpec(provider, id, baseUrl, baseUrlEnv, keyEnv, rpm, tpm, priceAs, adapter) { Reasoning = reasoning };
    }

    private static JudgeSpec? ReadJudge(YamlMap? map, FileRule files)
    {
        if (map is null)
        {
            return null;
        }

        var modelMap = map.Map("model") ?? throw map.Error("model", "is required", "write model: { provider: openai, id: gpt-4.1 } for the judge");
        var model = ReadModel(modelMap, files.Folder);
        var rubric = map.String("rubric");
        var rubricFile = map.String("rubricFile");
        if (rubric is not null && rubricFile is not null)
        {
            throw map.Error("rubricFile", "rubric and rubricFile are both set", "keep one of them");
        }

        if (rubricFile is not null)
        {
            var full = files.Resolve(map, "rubricFile", rubricFile);
            if (!System.IO.File.Exists(full))
            {
                throw map.Error("rubricFile", $"'{rubricFile}' does not exist", $"looked for {full}");
            }

            rubric = InputFile.ReadText(full);
        }

        if (string.IsNullOrWhiteSpace(rubric))
        {
            throw map.Error("rubric", "is required", "write rubric: \"…what a good answer does…\", or rubricFile: rubric.md");
        }

        var scale = map.String("scale") ?? "1-5";
        var parsed = scale switch
        {
            "1-5" => JudgeScale.OneToFive,
            "pass-fail" => JudgeScale.PassFail,
            _ => throw map.Error("scale", $"'{scale}' is not a judge scale", "use 1-5 or pass-fail"),
        };
        map.EnsureNoUnknownKeys();
        return new JudgeSpec(model, rubric, parsed);
    }

    /// <summary>Key variables end in KEY or TOKEN (OPENAI_API_KEY, HF_TOKEN); HOME, PATH or DATABASE_URL are never sent as a bearer token.</summary>
    private static bool LooksLikeKey(string name) =>
        name.EndsWith("KEY", StringComparison.OrdinalIgnoreCase) || name.EndsWith("TOKEN", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A key variable that is not named after the model's provider (GITHUB_TOKEN for an openai model), sent to an
    /// endpoint that is not the provider's own, may be a secret leaving for the wrong place: warn before any call.
    /// </summary>
    private static string? KeyWarning(ModelSpec model)
    {
        if (model.ApiKeyEnv is not { } name)
        {
            return null;
        }

        var family = model.Provider switch
        {
            "azure-openai" => "AZURE",
            "anthropic" => "ANTHROPIC",
            "ollama" => "OLLAMA",
            _ => "OPENAI",
        };
        var ownHost = model.Provider switch
        {
            "openai" => "api.openai.com",
            "anthropic" => "api.anthropic.com",
            _ => null,
        };
        var endpoint = model.BaseUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
        var toOwnHost = model.BaseUrl is null && model.BaseUrlEnv is null || ownHost is not null && string.Equals(endpoint, ownHost, StringComparison.OrdinalIgnoreCase);
        if (name.Contains(family, StringComparison.OrdinalIgnoreCase) || toOwnHost)
        {
            return null;
        }

        var target = model.BaseUrl ?? (model.BaseUrlEnv is null ? model.Provider : $"the endpoint in ${model.BaseUrlEnv}");
        return $"the value of ${name} is sent as the key of {model.Provider} model '{model.Id}' to {target}: check that this experiment is yours and that the variable holds a key for that endpoint (docs/experiment.md, \"Trust\")";
    }

    private static string? EnvironmentName(YamlMap map, string key, string hint)
    {
        var name = map.String(key);
        if (name is not null && (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_'))))
        {
            throw map.Error(key, $"'{name}' is not an environment variable name", hint);
        }

        return name;
    }

    private static CallPolicy ReadCalls(YamlMap? map)
    {
        if (map is null)
        {
            return new CallPolicy(TimeSpan.FromSeconds(60), 4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));
        }

        var timeout = map.Number("timeoutSeconds", 0.01, 3600) ?? 60;
        var retries = map.Integer("retries", 0, 20) ?? 4;
        var backoff = map.Number("backoffSeconds", 0, 600) ?? 1;
        var maxRetryAfter = map.Number("maxRetryAfterSeconds", 0, 3600) ?? 120;
        map.EnsureNoUnknownKeys();
        return new CallPolicy(TimeSpan.FromSeconds(timeout), retries, TimeSpan.FromSeconds(backoff), TimeSpan.FromSeconds(maxRetryAfter));
    }

    /// <summary>Where an experiment's files may be: inside its folder, unless the user allows any path.</summary>
    private sealed record FileRule(string Folder, bool AllowOutside)
    {
        public string Resolve(YamlMap map, string key, string path)
        {
            var full = Path.GetFullPath(Path.Combine(Folder, path));
            var root = Path.EndsInDirectorySeparator(Folder) ? Folder : Folder + Path.DirectorySeparatorChar;
            if (!AllowOutside && !full.StartsWith(root, StringComparison.Ordinal))
            {
                throw map.Error(key, $"'{path}' is outside the experiment's folder, and its contents would be sent to the experiment's endpoints",
                    "move the file next to the experiment, or pass --allow-outside-files if you trust this experiment");
            }

            return full;
        }
    }
}
