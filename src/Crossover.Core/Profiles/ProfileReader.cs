using Crossover.Core.Input;

namespace Crossover.Core.Profiles;

/// <summary>Reads a use-case profile (YAML or JSON, docs/profile.md) strictly: unknown fields, wrong types and impossible values are errors naming file, line and field.</summary>
public static class ProfileReader
{
    private const double Unbounded = double.MaxValue;

    /// <summary>Reads a profile file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="InputException">The file is missing, malformed or has invalid fields.</exception>
    public static UseCaseProfile Load(string path) => Read(YamlMap.Load(path));

    /// <summary>Reads a profile from text.</summary>
    /// <param name="text">YAML or JSON.</param>
    /// <param name="file">The name used in messages.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="InputException">The text is malformed or has invalid fields.</exception>
    public static UseCaseProfile Parse(string text, string file) => Read(YamlMap.Parse(text, file));

    private static UseCaseProfile Read(YamlMap root)
    {
        var defaults = new UseCaseProfile();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (section, key) in new[] { ("prompted", "model"), ("fineTuned", "baseModel"), ("fineTuned", "gpu"), ("fineTuned", "parametersBillions"), ("fineTuned", "hosting"), ("cascade", "cheapModel") })
        {
            if (root.Has(section) && root.Map(section) is { } map && map.Has(key))
            {
                lines[$"{section}.{key}"] = map.LineOfKey(key);
            }
        }

        var profile = new UseCaseProfile
        {
            Name = root.String("name") ?? Path.GetFileNameWithoutExtension(root.File),
            Description = root.String("description"),
            Stage = root.Choice<Stage>("stage") ?? defaults.Stage,
            Task = root.Choice<TaskKind>("task") ?? defaults.Task,
            Domain = root.Choice<DomainSpecialization>("domain") ?? defaults.Domain,
            BehaviorChanges = root.Choice<ChangeFrequency>("behaviorChanges") ?? defaults.BehaviorChanges,
            KnowledgeChanges = root.Choice<ChangeFrequency>("knowledgeChanges") ?? defaults.KnowledgeChanges,
            Style = root.Choice<StyleNeed>("style") ?? defaults.Style,
            Format = ReadFormat(root.Map("format")),
            Traffic = ReadTraffic(root.Map("traffic")),
            Data = ReadData(root.Map("data")),
            Team = ReadTeam(root.Map("team")),
            Quality = ReadQuality(root.Map("quality")),
            Prompted = ReadPrompted(root.Map("prompted")),
            FineTuned = ReadFineTuned(root.Map("fineTuned")),
            Cascade = ReadCascade(root.Map("cascade")),
            Distillation = ReadDistillation(root.Map("distillation")),
            LeadTimeMonths = ReadLeadTimes(root.Map("leadTimeMonths")),
            Decision = ReadDecision(root.Map("decision")),
            EvaluationUsdPerMonth = root.Estimate("evaluationUsdPerMonth", 0) ?? defaults.EvaluationUsdPerMonth,
            PriceOverrides = root.Map("prices") is { } prices ? Catalog.PriceCatalogReader.Read(prices, requireDate: false) : null,
            Source = new ProfileSource(root.File, lines),
        };
        root.EnsureNoUnknownKeys();
        return profile;
    }

    private static FormatRequirement ReadFormat(YamlMap? map)
    {
        var defaults = new FormatRequirement();
        if (map is null)
        {
            return defaults;
        }

        var result = new FormatRequirement
        {
            Strictness = map.Choice<FormatStrictness>("strictness") ?? defaults.Strictness,
            RequiredCompliance = map.Estimate("requiredCompliance", 0, 1) ?? defaults.RequiredCompliance,
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static Traffic ReadTraffic(YamlMap? map)
    {
        var defaults = new Traffic();
        if (map is null)
        {
            return defaults;
        }

        var result = new Traffic
        {
            RequestsPerMonth = map.Estimate("requestsPerMonth", 0, 1e13) ?? defaults.RequestsPerMonth,
            MonthlyGrowth = map.Estimate("monthlyGrowth", -0.99, 10) ?? defaults.MonthlyGrowth,
            HorizonMonths = map.Integer("horizonMonths", 1, 120) ?? defaults.HorizonMonths,
            LatencySloP95Ms = map.Estimate("latencySloP95Ms", 1, 3_600_000),
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static DataAssets ReadData(YamlMap? map)
    {
        var defaults = new DataAssets();
        if (map is null)
        {
            return defaults;
        }

        var result = new DataAssets
        {
            LabeledExamples = map.Estimate("labeledExamples", 0, 1e9) ?? defaults.LabeledExamples,
            CostPerLabelUsd = map.Estimate("costPerLabelUsd", 0, 1e6) ?? defaults.CostPerLabelUsd,
            CanLabelMore = map.Bool("canLabelMore") ?? defaults.CanLabelMore,
            PreferencePairs = map.Estimate("preferencePairs", 0, 1e9) ?? defaults.PreferencePairs,
            ExamplesNeeded = map.Integer("examplesNeeded", 1, 1_000_000_000),
            NotBeatenUpTo = map.Integer("notBeatenUpTo", 1, 1_000_000_000),
        };
        if (result.ExamplesNeeded is not null && result.NotBeatenUpTo is not null)
        {
            throw map.Error("notBeatenUpTo", "give either examplesNeeded (a size that beat the prompt) or notBeatenUpTo (none did), not both");
        }
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static Team ReadTeam(YamlMap? map)
    {
        var defaults = new Team();
        if (map is null)
        {
            return defaults;
        }

        var result = new Team
        {
            MlExpertise = map.Choice<Expertise>("mlExpertise") ?? defaults.MlExpertise,
            LockInTolerance = map.Choice<Level>("lockInTolerance") ?? defaults.LockInTolerance,
            SelfHostRequired = map.Bool("selfHostRequired") ?? defaults.SelfHostRequired,
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static QualityTargets ReadQuality(YamlMap? map)
    {
        var defaults = new QualityTargets();
        if (map is null)
        {
            return defaults;
        }

        var prompting = map.Map("prompting");
        var fineTuned = map.Map("fineTuned");
        var result = new QualityTargets
        {
            Bar = map.Estimate("bar", 0, 1) ?? defaults.Bar,
            Prompting = prompting?.Estimate("quality", 0, 1),
            PromptingFormatCompliance = prompting?.Estimate("formatCompliance", 0, 1),
            PromptingLatencyP95Ms = prompting?.Estimate("latencyP95Ms", 0, 3_600_000),
            PromptingItems = prompting?.Integer("items", 1, 100_000_000),
            FineTunedItems = fineTuned?.Integer("items", 1, 100_000_000),
            FineTuned = fineTuned?.Estimate("quality", 0, 1),
            FineTunedFormatCompliance = fineTuned?.Estimate("formatCompliance", 0, 1),
        };
        prompting?.EnsureNoUnknownKeys();
        fineTuned?.EnsureNoUnknownKeys();
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static CascadeSettings ReadCascade(YamlMap? map)
    {
        var defaults = new CascadeSettings();
        if (map is null)
        {
            return defaults;
        }

        var result = new CascadeSettings
        {
            StrongShare = map.Estimate("strongShare", 0, 1),
            CheapTier = map.Choice<CascadeTier>("cheapTier") ?? defaults.CheapTier,
            CheapModel = map.String("cheapModel"),
            GateUsdPerRequest = map.Estimate("gateUsdPerRequest", 0, 1e3) ?? defaults.GateUsdPerRequest,
            EngineeringUsd = map.Estimate("engineeringUsd", 0, 1e9) ?? defaults.EngineeringUsd,
            Quality = map.Estimate("quality", 0, 1),
            QualityItems = map.Integer("qualityItems", 1, 100_000_000),
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static DistillationSettings ReadDistillation(YamlMap? map)
    {
        var defaults = new DistillationSettings();
        if (map is null)
        {
            return defaults;
        }

        var result = new DistillationSettings
        {
            Labeler = map.Choice<Labeler>("labeler") ?? defaults.Labeler,
            Examples = map.Estimate("examples", 1, 1e9),
            CheckShare = map.Estimate("checkShare", 0, 1) ?? defaults.CheckShare,
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static LeadTimes ReadLeadTimes(YamlMap? map)
    {
        var defaults = new LeadTimes();
        if (map is null)
        {
            return defaults;
        }

        var result = new LeadTimes
        {
            Prompt = map.Estimate("prompt", 0, 120) ?? defaults.Prompt,
            FineTune = map.Estimate("fineTune", 0, 120) ?? defaults.FineTune,
            FineTunePlusPrompt = map.Estimate("fineTunePlusPrompt", 0, 120) ?? defaults.FineTunePlusPrompt,
            Cascade = map.Estimate("cascade", 0, 120) ?? defaults.Cascade,
            Distillation = map.Estimate("distillation", 0, 120) ?? defaults.Distillation,
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static DecisionSettings ReadDecision(YamlMap? map)
    {
        var defaults = new DecisionSettings();
        if (map is null)
        {
            return defaults;
        }

        var result = new DecisionSettings
        {
            FeasibilityThreshold = map.Number("feasibilityThreshold", 0.01, 0.999) ?? defaults.FeasibilityThreshold,
            ValuePerMonthUsd = map.Estimate("valuePerMonthUsd", 0, 1e10) ?? defaults.ValuePerMonthUsd,
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static PromptedDeployment ReadPrompted(YamlMap? map)
    {
        var defaults = new PromptedDeployment();
        if (map is null)
        {
            return defaults;
        }

        var result = new PromptedDeployment
        {
            Model = map.String("model") ?? defaults.Model,
            SystemPromptTokens = map.Estimate("systemPromptTokens", 0, 1e7) ?? defaults.SystemPromptTokens,
            FewShotCount = map.Estimate("fewShotCount", 0, 10_000) ?? defaults.FewShotCount,
            TokensPerExample = map.Estimate("tokensPerExample", 0, 1e6) ?? defaults.TokensPerExample,
            InputTokens = map.Estimate("inputTokens", 0, 1e7) ?? defaults.InputTokens,
            OutputTokens = map.Estimate("outputTokens", 0, 1e7) ?? defaults.OutputTokens,
            CacheablePrefixShare = map.Estimate("cacheablePrefixShare", 0, 1) ?? defaults.CacheablePrefixShare,
            CacheHitRate = map.Estimate("cacheHitRate", 0, 1) ?? defaults.CacheHitRate,
            CacheTtl = map.String("cacheTtl") switch
            {
                null => defaults.CacheTtl,
                "5m" => CacheTtl.FiveMinutes,
                "1h" => CacheTtl.OneHour,
                var other => throw map.Error("cacheTtl", $"'{other}' is not a cache lifetime", "use 5m or 1h"),
            },
            EngineeringUsd = map.Estimate("engineeringUsd", 0, Unbounded) ?? defaults.EngineeringUsd,
            MaintenanceUsdPerMonth = map.Estimate("maintenanceUsdPerMonth", 0, Unbounded) ?? defaults.MaintenanceUsdPerMonth,
            ParametersBillions = map.Number("parametersBillions", 0.000001, 100_000),
        };
        map.EnsureNoUnknownKeys();
        return result;
    }

    private static FineTunedDeployment ReadFineTuned(YamlMap? map)
    {
        var defaults = new FineTunedDeployment();
        if (map is null)
        {
            return defaults;
        }

        var result = new FineTunedDeployment
        {
            BaseModel = map.String("baseModel") ?? defaults.BaseModel,
            Hosting = map.Choice<Hosting>("hosting") ?? defaults.Hosting,
            SystemPromptTokens = map.Estimate("systemPromptTokens", 0, 1e7) ?? defaults.SystemPromptTokens,
            InputTokens = map.Estimate("inputTokens", 0, 1e7),
            OutputTokens = map.Estimate("outputTokens", 0, 1e7),
            Gpu = map.String("gpu"),
            GpuHourlyUsd = map.Estimate("gpuHourlyUsd", 0, 10_000),
            RequestsPerGpuHour = map.Estimate("requestsPerGpuHour", 0.001, 1e9) ?? defaults.RequestsPerGpuHour,
            MinReplicas = map.Integer("minReplicas", 0, 10_000) ?? defaults.MinReplicas,
            TrainingExamples = map.Estimate("trainingExamples", 0, 1e9) ?? defaults.TrainingExamples,
            Epochs = map.Estimate("epochs", 0, 1_000) ?? defaults.Epochs,
            TokensPerExample = map.Estimate("tokensPerExample", 0, 1e7) ?? defaults.TokensPerExample,
            RetrainsPerYear = map.Estimate("retrainsPerYear", 0, 365) ?? defaults.RetrainsPerYear,
            RetrainUsd = map.Estimate("retrainUsd", 0, Unbounded) ?? defaults.RetrainUsd,
            EngineeringUsd = map.Estimate("engineeringUsd", 0, Unbounded) ?? defaults.EngineeringUsd,
            MaintenanceUsdPerMonth = map.Estimate("maintenanceUsdPerMonth", 0, Unbounded) ?? defaults.MaintenanceUsdPerMonth,
            ParametersBillions = map.Number("parametersBillions", 0.000001, 100_000),
            Architecture = map.Choice<Architecture>("architecture") ?? defaults.Architecture,
            TrainingUtilization = map.Estimate("trainingUtilization", 0.01, 1) ?? defaults.TrainingUtilization,
        };
        map.EnsureNoUnknownKeys();
        return result;
    }
}
